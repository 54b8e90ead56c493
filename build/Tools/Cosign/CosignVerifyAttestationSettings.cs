namespace Build.Tools.Cosign;

/// <summary><c>cosign verify-attestation --type T</c>: checks an image's attestations of one predicate type.</summary>
public sealed class CosignVerifyAttestationSettings : CosignRegistrySettings
{
    /// <summary>--type: one of <see cref="CosignPredicateTypes"/> or a predicate type URI.</summary>
    public required string PredicateType { get; set; }

    /// <summary>Who must have signed: --key, or --certificate-identity[-regexp] with --certificate-oidc-issuer.</summary>
    public required CosignIdentity Identity { get; set; }

    /// <summary>--new-bundle-format=true|false; null accepts either.</summary>
    public CosignSignatureFormat? ExpectedFormat { get; set; }

    /// <summary>--insecure-ignore-tlog: for attestations made with <c>TransparencyLog = false</c>.</summary>
    public bool IgnoreTransparencyLog { get; set; }
}
