using Cake.Core.IO;

namespace Build.Tools.Cosign;

/// <summary><c>cosign sign-blob --yes --bundle FILE</c>: signs a file (checksums, a chart archive ...).</summary>
public sealed class CosignSignBlobSettings : CosignSettings, ICosignSigningSettings
{
    /// <summary>--bundle: where the Sigstore bundle goes (cosign 3 requires it).</summary>
    public required FilePath Bundle { get; set; }

    /// <summary>--key; null signs keyless through Fulcio.</summary>
    public string? Key { get; set; }

    /// <summary>Legacy writes cosign 2's bundle layout; Bundle the Sigstore protobuf bundle.</summary>
    public CosignSignatureFormat Format { get; set; } = CosignSignatureFormat.Bundle;

    /// <summary>--tlog-upload: false keeps the signature out of Rekor (offline rehearsals with a key).</summary>
    public bool TransparencyLog { get; set; } = true;

    /// <summary>--output-signature: a detached base64 signature as well (honoured by the legacy format only).</summary>
    public FilePath? OutputSignature { get; set; }

    /// <summary>--output-certificate: the Fulcio certificate of a keyless signature (legacy format only).</summary>
    public FilePath? OutputCertificate { get; set; }
}
