using System.Text.Json;
using System.Text.Json.Nodes;
using Build.Registry;
using Build.Signing;

namespace Build.Transparency;

/// <summary>What a release's signatures say of the transparency log: each entry found, and each signature without one.</summary>
public sealed record TransparencyRecord(IReadOnlyList<RekorEntry> Entries, IReadOnlyList<string> Unlogged)
{
    public static readonly TransparencyRecord Empty = new([], []);
}

/// <summary>
/// Reads the Rekor entries cosign created for a release from what cosign stored, never from its free text: the
/// <c>dev.sigstore.cosign/bundle</c> annotation of every layer under the <c>.sig</c> and <c>.att</c> tags of each
/// signed digest (cosign's legacy layout, what this build writes), and the <c>tlogEntries</c> of each Sigstore bundle
/// (<c>*.sigstore.json</c>, the blob signatures of the chart and SHA256SUMS), and, in cosign 3's bundle format, the
/// Sigstore bundles stored as OCI 1.1 referrers of each digest.
/// </summary>
public static class TransparencyLog
{
    /// <summary>The layer annotation where cosign keeps a signature's Rekor bundle (SignedEntryTimestamp and Payload).</summary>
    public const string BundleAnnotation = "dev.sigstore.cosign/bundle";

    /// <summary>The artifact and layer media type of a Sigstore bundle stored as a referrer (v0.3: application/vnd.dev.sigstore.bundle.v0.3+json).</summary>
    public const string SigstoreBundleType = "application/vnd.dev.sigstore.bundle";

    public static async Task<TransparencyRecord> CollectAsync(OciRegistryClient registry, string repository, IEnumerable<string> digests, IEnumerable<string> blobBundles, CancellationToken cancellationToken = default)
    {
        var entries = new List<RekorEntry>();
        var unlogged = new List<string>();
        foreach (var digest in digests)
        {
            foreach (var (tag, kind) in new[] { (CosignTags.SignatureTag(digest), "signature"), (CosignTags.AttestationTag(digest), "attestation") })
            {
                var manifest = await registry.GetManifestAsync(repository, tag, cancellationToken);
                if (manifest is null || manifest.IsIndex)
                {
                    continue;
                }

                foreach (var layer in manifest.AsImageManifest().Layers)
                {
                    var annotations = layer.Annotations ?? new Dictionary<string, string>();
                    var subject = kind == "signature"
                        ? $"signature of {digest}"
                        : $"{(annotations.TryGetValue(CosignAnnotations.PredicateType, out var type) ? type : "an")} attestation of {digest}";
                    if (annotations.TryGetValue(BundleAnnotation, out var bundle) && !string.IsNullOrEmpty(bundle))
                    {
                        entries.Add(RekorEntry.FromCosignBundle(subject, Parse(bundle, $"{repository}:{tag} ({BundleAnnotation})")));
                    }
                    else
                    {
                        unlogged.Add(subject);
                    }
                }
            }
        }

        foreach (var digest in digests)
        {
            // cosign 3's bundle format: each signature or attestation is a Sigstore bundle stored as an OCI 1.1 referrer.
            var referrers = await registry.GetReferrersAsync(repository, digest, cancellationToken);
            foreach (var referrer in referrers.Manifests.Where(referrer => referrer.ArtifactType?.StartsWith(SigstoreBundleType, StringComparison.Ordinal) == true))
            {
                var manifest = await registry.GetManifestAsync(repository, referrer.Digest, cancellationToken);
                if (manifest is null || manifest.IsIndex)
                {
                    continue;
                }

                foreach (var layer in manifest.AsImageManifest().Layers.Where(layer => layer.MediaType.StartsWith(SigstoreBundleType, StringComparison.Ordinal)))
                {
                    var bundle = Parse(System.Text.Encoding.UTF8.GetString(await registry.GetBlobAsync(repository, layer.Digest, layer.Size, cancellationToken)), $"{repository}@{referrer.Digest}");
                    var subject = bundle["dsseEnvelope"] is null ? $"signature of {digest}" : $"attestation of {digest}";
                    var found = RekorEntry.FromSigstoreBundle(subject, bundle);
                    if (found.Count == 0)
                    {
                        unlogged.Add(subject);
                    }

                    entries.AddRange(found);
                }
            }
        }

        foreach (var file in blobBundles.Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file);
            var signed = name.EndsWith(".sigstore.json", StringComparison.Ordinal) ? name[..^".sigstore.json".Length] : name;
            var found = RekorEntry.FromSigstoreBundle($"signature of {signed}", Parse(File.ReadAllText(file), name));
            if (found.Count == 0)
            {
                unlogged.Add($"signature of {signed}");
            }

            entries.AddRange(found);
        }

        return new TransparencyRecord(entries, unlogged);
    }

    private static JsonNode Parse(string json, string where)
    {
        try
        {
            return JsonNode.Parse(json) ?? throw new FormatException($"{where}: empty JSON");
        }
        catch (JsonException exception)
        {
            throw new FormatException($"{where}: not JSON ({exception.Message})", exception);
        }
    }
}
