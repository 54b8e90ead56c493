using Build.Tools.Cosign;

namespace Build.Signing;

/// <summary>The in-toto predicate types cosign writes for its <c>attest --type</c> shorthands (and matches in <c>verify-attestation --type</c>).</summary>
public static class PredicateTypes
{
    /// <summary><c>--type spdx</c> and <c>--type spdxjson</c>.</summary>
    public const string Spdx = "https://spdx.dev/Document";

    /// <summary><c>--type slsaprovenance1</c>.</summary>
    public const string SlsaProvenanceV1 = "https://slsa.dev/provenance/v1";

    /// <summary>The URI of a cosign --type shorthand (a URI passes through).</summary>
    public static string Uri(string cosignType) => cosignType switch
    {
        CosignPredicateTypes.SpdxJson or "spdx" => Spdx,
        CosignPredicateTypes.SlsaProvenance1 => SlsaProvenanceV1,
        _ when cosignType.Contains("://", StringComparison.Ordinal) => cosignType,
        _ => throw new ArgumentException($"Unknown predicate type '{cosignType}': use spdxjson, slsaprovenance1 or a predicate type URI.", nameof(cosignType)),
    };
}
