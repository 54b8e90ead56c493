using Cake.Core.IO;
using Cake.Core.Tooling;

namespace Build.Tools.Skopeo;

/// <summary><c>skopeo copy</c> between two image references.</summary>
public sealed class SkopeoCopySettings : ToolSettings
{
    public required string Source { get; set; }

    public required string Destination { get; set; }

    /// <summary>Copy the index and every image it lists, not just the current platform's image.</summary>
    public bool All { get; set; } = true;

    /// <summary>Fail rather than re-encode a manifest (a re-encoded manifest has another digest).</summary>
    public bool PreserveDigests { get; set; } = true;

    public bool SourceTlsVerify { get; set; } = true;

    public bool DestinationTlsVerify { get; set; } = true;

    /// <summary>A containers-auth.json with the registry's login (see <see cref="Registry.RegistryAuthFile"/>); none: skopeo's own logins.</summary>
    public FilePath? SourceAuthFile { get; set; }

    /// <summary>A containers-auth.json with the registry's login (see <see cref="Registry.RegistryAuthFile"/>); none: skopeo's own logins.</summary>
    public FilePath? DestinationAuthFile { get; set; }

    public bool Quiet { get; set; } = true;
}
