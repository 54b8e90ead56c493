namespace Build.Signing;

/// <summary>The in-toto predicate types cosign writes for its <c>attest --type</c> shorthands (and matches in <c>verify-attestation --type</c>).</summary>
public static class PredicateTypes
{
    /// <summary><c>--type spdx</c> and <c>--type spdxjson</c>.</summary>
    public const string Spdx = "https://spdx.dev/Document";

    /// <summary><c>--type slsaprovenance1</c>.</summary>
    public const string SlsaProvenanceV1 = "https://slsa.dev/provenance/v1";
}
