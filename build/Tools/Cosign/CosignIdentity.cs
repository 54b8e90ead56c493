namespace Build.Tools.Cosign;

/// <summary>
/// Who must have signed, for verification: a public key, or a keyless certificate identity (exact or a regular
/// expression) issued by an OIDC issuer. Exactly one of the two forms.
/// </summary>
public sealed record CosignIdentity
{
    private CosignIdentity(string? key, string? identity, string? identityRegexp, string? oidcIssuer)
    {
        Key = key;
        CertificateIdentity = identity;
        CertificateIdentityRegexp = identityRegexp;
        CertificateOidcIssuer = oidcIssuer;
    }

    public string? Key { get; }

    public string? CertificateIdentity { get; }

    public string? CertificateIdentityRegexp { get; }

    public string? CertificateOidcIssuer { get; }

    public bool IsKeyless => Key is null;

    /// <summary>A public key file (cosign.pub), a KMS URI or env://VARIABLE.</summary>
    public static CosignIdentity PublicKey(string key) =>
        new(Required(key, "key"), null, null, null);

    /// <summary>Keyless: the certificate's subject must equal <paramref name="identity"/>.</summary>
    public static CosignIdentity Keyless(string identity, string oidcIssuer) =>
        new(null, Required(identity, "certificate identity"), null, Required(oidcIssuer, "OIDC issuer"));

    /// <summary>Keyless: the certificate's subject must match the Go regular expression <paramref name="identityRegexp"/>.</summary>
    public static CosignIdentity KeylessMatching(string identityRegexp, string oidcIssuer) =>
        new(null, null, Required(identityRegexp, "certificate identity regexp"), Required(oidcIssuer, "OIDC issuer"));

    /// <summary>GitHub Actions keyless signing by <paramref name="workflowRef"/> (for example
    /// <c>https://github.com/OWNER/REPO/.github/workflows/release.yml@refs/tags/v1.2.3</c>).</summary>
    public static CosignIdentity GitHubActions(string workflowRef) =>
        Keyless(workflowRef, "https://token.actions.githubusercontent.com");

    public override string ToString() =>
        Key is not null ? $"key {Key}"
        : CertificateIdentity is not null ? $"{CertificateIdentity} from {CertificateOidcIssuer}"
        : $"identity matching {CertificateIdentityRegexp} from {CertificateOidcIssuer}";

    private static string Required(string value, string what) =>
        string.IsNullOrWhiteSpace(value) ? throw new ArgumentException($"A cosign {what} cannot be empty.", nameof(value)) : value;
}
