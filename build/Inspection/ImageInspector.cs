using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Build.Registry;
using Build.Signing;

namespace Build.Inspection;

/// <summary>
/// What <c>cosign tree</c> shows, natively and with verdicts: the manifest (an index and its platform manifests), each
/// one's <c>.sig</c> signatures (key fingerprint or certificate identity and issuer, and whether it verifies against a
/// known key or matches the expected workflow identity), its <c>.att</c> attestations (predicate type, subjects) and its
/// OCI 1.1 referrers (the referrers API, or the fallback tag schema).
/// </summary>
public sealed class ImageInspector(OciRegistryClient registry, IReadOnlyList<KnownKey> keys, string? expectedIdentity)
{
    /// <summary>cosign's annotation holding a keyless signature's Fulcio certificate (PEM).</summary>
    public const string CertificateAnnotation = "dev.sigstore.cosign/certificate";

    /// <summary>Fulcio's certificate extension naming the OIDC issuer (v2, a DER UTF8String), and its older raw form.</summary>
    private const string IssuerV2Oid = "1.3.6.1.4.1.57264.1.8";
    private const string IssuerV1Oid = "1.3.6.1.4.1.57264.1.1";

    public async Task<InspectionReport> InspectAsync(string repository, string reference, CancellationToken cancellationToken = default)
    {
        var manifest = await registry.GetManifestAsync(repository, reference, cancellationToken)
            ?? throw new RegistryException($"{registry.Registry}/{repository}:{reference} does not exist: check the tag or digest (./build.sh --target=Version prints this release's tags).");
        var manifests = new List<InspectedManifest> { await ManifestAsync(repository, manifest.Digest, null, cancellationToken) };
        if (manifest.IsIndex)
        {
            foreach (var entry in manifest.AsIndex().Manifests)
            {
                var platform = entry.Platform is { } p ? $"{p.Os}/{p.Architecture}{(p.Variant is null ? string.Empty : "/" + p.Variant)}" : "(no platform)";
                manifests.Add(await ManifestAsync(repository, entry.Digest, platform, cancellationToken));
            }
        }

        return new InspectionReport($"{registry.Registry}/{repository}", manifest.Digest, manifest.MediaType, manifests, null);
    }

    /// <summary>The chart <paramref name="chartName"/> <paramref name="version"/> next to the image, and whether its values pin <paramref name="digest"/>; null when the registry has no such chart.</summary>
    public async Task<InspectedChart?> ChartAsync(string imageRepository, string chartName, string version, string digest, CancellationToken cancellationToken = default)
    {
        var (repository, tag) = Charts.OciChartPusher.Location(Charts.OciChartPusher.NamespaceOf(imageRepository), chartName, version);
        var manifest = await registry.GetManifestAsync(repository, tag, cancellationToken);
        if (manifest is null || manifest.IsIndex
            || manifest.AsImageManifest().Layers.FirstOrDefault(layer => layer.MediaType == Charts.OciChartPusher.ChartLayerMediaType) is not { } layer)
        {
            return null;
        }

        var archive = await registry.GetBlobAsync(repository, layer.Digest, layer.Size, cancellationToken);
        var values = Charts.OciChartPusher.ReadFile(archive, "values.yaml");
        var pinned = values is null ? null : Yaml.YamlScalarEditor.Get(values, ["image", "digest"]);
        return new InspectedChart($"oci://{registry.Registry}/{repository}:{tag}", pinned, pinned == digest);
    }

    private async Task<InspectedManifest> ManifestAsync(string repository, string digest, string? platform, CancellationToken cancellationToken)
    {
        var signatures = new List<InspectedSignature>();
        foreach (var (layer, content) in await LayersAsync(repository, CosignTags.SignatureTag(digest), cancellationToken))
        {
            signatures.Add(Signature(layer, content, digest, $"{registry.Registry}/{repository}"));
        }

        var attestations = new List<InspectedAttestation>();
        foreach (var (layer, content) in await LayersAsync(repository, CosignTags.AttestationTag(digest), cancellationToken))
        {
            attestations.Add(Attestation(layer, content));
        }

        var referrers = await registry.GetReferrersAsync(repository, digest, cancellationToken);
        return new InspectedManifest(
            digest,
            platform,
            signatures,
            attestations,
            [.. referrers.Manifests.Select(referrer => new InspectedReferrer(referrer.Digest, referrer.ArtifactType, referrer.MediaType))],
            referrers.FromApi ? "referrers API" : $"fallback tag {digest.Replace(':', '-')}");
    }

    private InspectedSignature Signature(OciDescriptor layer, byte[] content, string digest, string dockerReference)
    {
        var signature = layer.Annotations?.GetValueOrDefault(CosignAnnotations.Signature) ?? string.Empty;
        string names;
        try
        {
            var payload = SimpleSigning.Parse(content);
            names = payload.ManifestDigest == digest && payload.DockerReference == dockerReference
                ? string.Empty
                : $"; its payload names {payload.DockerReference}@{payload.ManifestDigest}, not this image";
        }
        catch (Exception exception) when (exception is FormatException or System.Text.Json.JsonException or InvalidOperationException)
        {
            return new InspectedSignature("unknown", false, "the payload is not a cosign simple-signing document");
        }

        var (signedBy, verifies, detail) = Verdict(layer, key => CosignSignature.Verify(key, content, signature));
        return new InspectedSignature(signedBy, verifies && names.Length == 0, detail + names);
    }

    private InspectedAttestation Attestation(OciDescriptor layer, byte[] content)
    {
        var predicateType = layer.Annotations?.GetValueOrDefault(CosignAnnotations.PredicateType) ?? "(none)";
        var envelope = Encoding.UTF8.GetString(content);
        IReadOnlyList<string> subjects = [];
        try
        {
            var statement = JsonNode.Parse(Dsse.Parse(envelope).Payload);
            subjects = [.. (statement?["subject"] as JsonArray ?? []).Select(subject => $"{subject?["name"]?.GetValue<string>()}@sha256:{subject?["digest"]?["sha256"]?.GetValue<string>()}")];
        }
        catch (Exception exception) when (exception is FormatException or System.Text.Json.JsonException or InvalidOperationException)
        {
            return new InspectedAttestation(predicateType, [], "unknown", false, "the layer is not a DSSE envelope of an in-toto statement");
        }

        var (signedBy, verifies, detail) = Verdict(layer, key => Dsse.Verify(key, envelope).IsValid);
        return new InspectedAttestation(predicateType, subjects, signedBy, verifies, detail);
    }

    /// <summary>Who signed a layer and whether it checks out: a keyless certificate's identity, or the known key it verifies with.</summary>
    private (string SignedBy, bool Verifies, string Detail) Verdict(OciDescriptor layer, Func<ECDsa, bool> verifiesWith)
    {
        if (layer.Annotations?.GetValueOrDefault(CertificateAnnotation) is { Length: > 0 } pem)
        {
            using var certificate = X509Certificate2.CreateFromPem(pem);
            var (identity, issuer) = IdentityOf(certificate);
            using var key = certificate.GetECDsaPublicKey();
            var matchesCertificate = key is not null && verifiesWith(key);
            var matchesIdentity = expectedIdentity is not null && identity == expectedIdentity;
            var detail = !matchesCertificate
                ? "the signature does not verify with its own certificate"
                : expectedIdentity is null
                    ? "verifies with its certificate; no workflow identity is expected in this mode (the Fulcio chain is checked by cosign verify)"
                    : matchesIdentity
                        ? "verifies with its certificate, whose identity is the release workflow's (the Fulcio chain is checked by cosign verify)"
                        : $"verifies with its certificate, but the identity is not the release workflow's ({expectedIdentity})";
            return ($"keyless: {identity} (issuer {issuer})", matchesCertificate && matchesIdentity, detail);
        }

        foreach (var known in keys)
        {
            if (verifiesWith(known.Key))
            {
                return ($"key {known.Fingerprint[..12]}", true, $"verifies with {known.Source}");
            }
        }

        return ("an unknown key", false, keys.Count == 0
            ? "no public key to check it with (deploy/cosign.pub, deploy/keys/ or the run's key)"
            : $"verifies with none of {string.Join(", ", keys.Select(known => known.Source))}");
    }

    /// <summary>The certificate's subject alternative name (URI or e-mail) and the OIDC issuer of Fulcio's extension.</summary>
    public static (string Identity, string Issuer) IdentityOf(X509Certificate2 certificate)
    {
        var identity = "(no identity)";
        foreach (var extension in certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>())
        {
            // GeneralNames: a URI is [6] IA5String (a workflow identity), an e-mail [1] IA5String.
            var names = new AsnReader(extension.RawData, AsnEncodingRules.DER).ReadSequence();
            while (names.HasData)
            {
                var tag = names.PeekTag();
                if (tag.TagClass == TagClass.ContextSpecific && tag.TagValue is 6 or 1)
                {
                    identity = names.ReadCharacterString(UniversalTagNumber.IA5String, new Asn1Tag(TagClass.ContextSpecific, tag.TagValue));
                    break;
                }

                names.ReadEncodedValue();
            }
        }

        var issuer = "(no issuer)";
        foreach (X509Extension extension in certificate.Extensions)
        {
            if (extension.Oid?.Value == IssuerV2Oid)
            {
                issuer = AsnDecoder.ReadCharacterString(extension.RawData, AsnEncodingRules.DER, UniversalTagNumber.UTF8String, out _);
            }
            else if (extension.Oid?.Value == IssuerV1Oid && issuer == "(no issuer)")
            {
                issuer = Encoding.UTF8.GetString(extension.RawData);
            }
        }

        return (identity, issuer);
    }

    private async Task<List<(OciDescriptor Layer, byte[] Content)>> LayersAsync(string repository, string tag, CancellationToken cancellationToken)
    {
        var result = new List<(OciDescriptor, byte[])>();
        var manifest = await registry.GetManifestAsync(repository, tag, cancellationToken);
        if (manifest is null || manifest.IsIndex)
        {
            return result;
        }

        foreach (var layer in manifest.AsImageManifest().Layers)
        {
            result.Add((layer, await registry.GetBlobAsync(repository, layer.Digest, layer.Size, cancellationToken)));
        }

        return result;
    }
}
