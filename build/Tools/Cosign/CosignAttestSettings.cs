using Cake.Core.IO;

namespace Build.Tools.Cosign;

/// <summary><c>cosign attest --yes</c>: signs an in-toto attestation of a predicate about an image.</summary>
public sealed class CosignAttestSettings : CosignRegistrySettings, ICosignSigningSettings
{
    /// <summary>--predicate: the file attested (an SPDX SBOM, a SLSA provenance ...).</summary>
    public required FilePath Predicate { get; set; }

    /// <summary>--type: one of <see cref="CosignPredicateTypes"/> or a predicate type URI.</summary>
    public required string PredicateType { get; set; }

    /// <summary>--key; null attests keyless through Fulcio.</summary>
    public string? Key { get; set; }

    public CosignSignatureFormat Format { get; set; } = CosignSignatureFormat.Legacy;

    /// <summary>--tlog-upload: false keeps the attestation out of Rekor (offline rehearsals with a key).</summary>
    public bool TransparencyLog { get; set; } = true;

    /// <summary>--recursive: also attest each platform image of an index.</summary>
    public bool Recursive { get; set; }
}
