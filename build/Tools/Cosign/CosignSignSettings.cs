using Cake.Core.IO;

namespace Build.Tools.Cosign;

/// <summary><c>cosign sign --yes</c>: signs an image by digest.</summary>
public sealed class CosignSignSettings : CosignRegistrySettings, ICosignSigningSettings
{
    /// <summary>--key: the private key (file, KMS URI or env://VARIABLE); null signs keyless through Fulcio.</summary>
    public string? Key { get; set; }

    public CosignSignatureFormat Format { get; set; } = CosignSignatureFormat.Legacy;

    /// <summary>--tlog-upload: false keeps the signature out of Rekor (offline rehearsals with a key).</summary>
    public bool TransparencyLog { get; set; } = true;

    /// <summary>--registry-referrers-mode; null leaves cosign's default.</summary>
    public CosignReferrersMode? ReferrersMode { get; set; }

    /// <summary>--recursive: also sign each platform image of an index.</summary>
    public bool Recursive { get; set; }

    /// <summary>-a key=value, signed into the payload.</summary>
    public IDictionary<string, string> Annotations { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary>--bundle: also write the verification material to this file.</summary>
    public FilePath? Bundle { get; set; }
}
