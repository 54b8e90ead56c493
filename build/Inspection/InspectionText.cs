using System.Text.Json;
using System.Text.Json.Serialization;

namespace Build.Inspection;

/// <summary>The report as lines for a terminal, in the shape of <c>cosign tree</c> with a verdict on every signature.</summary>
public static class InspectionText
{
    public static IEnumerable<string> Lines(InspectionReport report)
    {
        yield return $"{report.Image}@{report.Digest} ({report.MediaType})";
        foreach (var manifest in report.Manifests)
        {
            yield return manifest.Platform is null ? $"  index {manifest.Digest}" : $"  {manifest.Platform} {manifest.Digest}";
            if (manifest.Signatures.Count == 0)
            {
                yield return "    signatures: none";
            }

            foreach (var signature in manifest.Signatures)
            {
                yield return $"    signature by {signature.SignedBy}: {(signature.Verifies ? "VERIFIES" : "DOES NOT VERIFY")} ({signature.Detail})";
            }

            foreach (var attestation in manifest.Attestations)
            {
                yield return $"    attestation {attestation.PredicateType} by {attestation.SignedBy}: {(attestation.Verifies ? "VERIFIES" : "DOES NOT VERIFY")} ({attestation.Detail}); subjects {string.Join(", ", attestation.Subjects)}";
            }

            yield return manifest.Referrers.Count == 0
                ? $"    referrers: none ({manifest.ReferrersSource})"
                : $"    referrers ({manifest.ReferrersSource}): {string.Join(", ", manifest.Referrers.Select(referrer => $"{referrer.ArtifactType ?? referrer.MediaType} {referrer.Digest}"))}";
        }

        yield return report.Chart is null
            ? "  chart: none found for this version"
            : $"  chart {report.Chart.Reference}: {(report.Chart.PinsThisImage ? "pins this image" : $"pins {report.Chart.PinnedDigest ?? "no digest"}, NOT this image")}";
    }
}

/// <summary>The JSON of <c>--format=json</c>: camelCase, indented.</summary>
public static class InspectionJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };
}
