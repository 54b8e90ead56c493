using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Build.Registry;

namespace Build.Signing;

/// <summary>
/// cosign's legacy, tag-based storage in a registry, done natively: signatures under <c>sha256-&lt;hex&gt;.sig</c> and
/// attestations under <c>sha256-&lt;hex&gt;.att</c>, each a manifest whose layers are appended to, never replaced, as
/// cosign does. Verification reads the registry afresh and trusts nothing the signing side remembered.
/// </summary>
public sealed class CosignRegistryStore(OciRegistryClient registry, string repository)
{
    /// <summary>Appends <paramref name="layer"/> to the manifest under <paramref name="tag"/>; returns the new manifest digest.</summary>
    public async Task<string> AppendAsync(string tag, CosignLayer layer, CancellationToken cancellationToken = default)
    {
        var existing = await registry.GetManifestAsync(repository, tag, cancellationToken);
        var layers = existing is null ? [] : OciImageManifest.Parse(existing.Content).Layers.ToList();
        layers.Add(layer.Descriptor);

        var image = CosignManifest.Build(layers);
        await registry.UploadBlobAsync(repository, layer.Content, cancellationToken: cancellationToken);
        await registry.UploadBlobAsync(repository, image.Config, cancellationToken: cancellationToken);
        return await registry.PutManifestAsync(repository, tag, image.Manifest, CosignMediaTypes.OciManifest, cancellationToken);
    }

    /// <summary>The image signatures of <paramref name="digest"/> that verify with <paramref name="publicKey"/> and name that digest and <paramref name="dockerReference"/>.</summary>
    public async Task<IReadOnlyList<SimpleSigningPayload>> VerifiedSignaturesAsync(string digest, string dockerReference, ECDsa publicKey, CancellationToken cancellationToken = default)
    {
        var verified = new List<SimpleSigningPayload>();
        foreach (var (descriptor, content) in await LayersAsync(CosignTags.SignatureTag(digest), CosignMediaTypes.SimpleSigning, cancellationToken))
        {
            if (descriptor.Annotations?.GetValueOrDefault(CosignAnnotations.Signature) is not { Length: > 0 } signature
                || !CosignSignature.Verify(publicKey, content, signature))
            {
                continue;
            }

            var payload = SimpleSigning.Parse(content);
            if (payload.ManifestDigest == digest && payload.DockerReference == dockerReference)
            {
                verified.Add(payload);
            }
        }

        return verified;
    }

    /// <summary>The predicates of attestations of <paramref name="digest"/> of <paramref name="predicateType"/> whose DSSE signature verifies and whose statement names that digest.</summary>
    public async Task<IReadOnlyList<JsonNode>> VerifiedAttestationsAsync(string digest, string predicateType, ECDsa publicKey, CancellationToken cancellationToken = default)
    {
        var verified = new List<JsonNode>();
        var hex = digest[OciDigest.Sha256Prefix.Length..];
        foreach (var (descriptor, content) in await LayersAsync(CosignTags.AttestationTag(digest), CosignMediaTypes.DsseEnvelope, cancellationToken))
        {
            if (descriptor.Annotations?.GetValueOrDefault(CosignAnnotations.PredicateType) != predicateType)
            {
                continue;
            }

            var envelope = Dsse.Verify(publicKey, Encoding.UTF8.GetString(content));
            if (!envelope.IsValid || envelope.PayloadType != InTotoStatement.PayloadType)
            {
                continue;
            }

            var statement = JsonNode.Parse(envelope.Payload)!;
            var namesDigest = statement["subject"]!.AsArray().Any(subject => subject?["digest"]?["sha256"]?.GetValue<string>() == hex);
            if (namesDigest && statement["predicateType"]?.GetValue<string>() == predicateType && statement["predicate"] is { } predicate)
            {
                verified.Add(predicate);
            }
        }

        return verified;
    }

    private async Task<List<(OciDescriptor Descriptor, byte[] Content)>> LayersAsync(string tag, string mediaType, CancellationToken cancellationToken)
    {
        var manifest = await registry.GetManifestAsync(repository, tag, cancellationToken);
        var result = new List<(OciDescriptor, byte[])>();
        if (manifest is null)
        {
            return result;
        }

        foreach (var layer in OciImageManifest.Parse(manifest.Content).Layers.Where(layer => layer.MediaType == mediaType))
        {
            result.Add((layer, await registry.GetBlobAsync(repository, layer, cancellationToken)));
        }

        return result;
    }
}
