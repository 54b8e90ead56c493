namespace Build.Tools.Cosign;

/// <summary><c>cosign verify</c>: checks an image's signatures and prints the verified payloads as JSON.</summary>
public sealed class CosignVerifySettings : CosignRegistrySettings
{
    /// <summary>Who must have signed: --key, or --certificate-identity[-regexp] with --certificate-oidc-issuer.</summary>
    public required CosignIdentity Identity { get; set; }

    /// <summary>--new-bundle-format=true|false; null accepts either, as cosign 3 does by default.</summary>
    public CosignSignatureFormat? ExpectedFormat { get; set; }

    /// <summary>--insecure-ignore-tlog: for signatures made with <c>TransparencyLog = false</c> (key-based rehearsals).</summary>
    public bool IgnoreTransparencyLog { get; set; }

    /// <summary>-a key=value: annotations each signature must carry.</summary>
    public IDictionary<string, string> Annotations { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal);
}
