using Cake.Core.Tooling;

namespace Build.Tools.Cosign;

/// <summary>What every cosign command shares: the key password, which reaches cosign only as COSIGN_PASSWORD.</summary>
public abstract class CosignSettings : ToolSettings
{
    /// <summary>The private key's password; null leaves COSIGN_PASSWORD as the environment has it. Never an argument.</summary>
    public string? KeyPassword { get; set; }
}

/// <summary>What the commands that sign share (sign, attest, sign-blob): the key and whether Rekor records the signature.</summary>
public interface ICosignSigningSettings
{
    /// <summary>--key: the private key (file, KMS URI or env://VARIABLE); null signs keyless through Fulcio.</summary>
    string? Key { get; set; }

    /// <summary>The private key's password (COSIGN_PASSWORD, never an argument).</summary>
    string? KeyPassword { get; set; }

    /// <summary>--tlog-upload: false keeps the signature out of Rekor (offline rehearsals with a key).</summary>
    bool TransparencyLog { get; set; }
}

/// <summary>Settings of the commands that talk to a registry.</summary>
public abstract class CosignRegistrySettings : CosignSettings
{
    /// <summary>--allow-http-registry: plain HTTP, for the loopback rehearsal registry only.</summary>
    public bool AllowHttpRegistry { get; set; }

    /// <summary>--allow-insecure-registry: TLS without certificate checks, for test registries only.</summary>
    public bool AllowInsecureRegistry { get; set; }
}

/// <summary>How cosign 3 stores what it signs.</summary>
public enum CosignSignatureFormat
{
    /// <summary>The cosign 2 layout (sha256-&lt;hex&gt;.sig/.att tags): read by every cosign version and admission controller.</summary>
    Legacy,

    /// <summary>A Sigstore bundle stored as an OCI 1.1 referrer (a fallback tag where the registry has no referrers API): cosign 3's default.</summary>
    Bundle,
}

/// <summary>--registry-referrers-mode: where cosign looks for and attaches referring artifacts.</summary>
public enum CosignReferrersMode
{
    Legacy,
    Oci11,
}

/// <summary>The predicate types the release attests; any other in-toto predicate URI works as well.</summary>
public static class CosignPredicateTypes
{
    public const string SpdxJson = "spdxjson";
    public const string SlsaProvenance1 = "slsaprovenance1";
    public const string CycloneDx = "cyclonedx";
}
