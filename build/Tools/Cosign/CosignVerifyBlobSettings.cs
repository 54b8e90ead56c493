using Cake.Core.IO;

namespace Build.Tools.Cosign;

/// <summary><c>cosign verify-blob</c>: checks a file against a bundle, or against a key and a detached signature.</summary>
public sealed class CosignVerifyBlobSettings : CosignSettings
{
    /// <summary>Who must have signed: --key, or --certificate-identity[-regexp] with --certificate-oidc-issuer.</summary>
    public required CosignIdentity Identity { get; set; }

    /// <summary>--bundle: the bundle sign-blob wrote.</summary>
    public FilePath? Bundle { get; set; }

    /// <summary>--signature: a detached signature (with a key, instead of a bundle).</summary>
    public FilePath? Signature { get; set; }

    /// <summary>--insecure-ignore-tlog: for blobs signed with <c>TransparencyLog = false</c>.</summary>
    public bool IgnoreTransparencyLog { get; set; }
}
