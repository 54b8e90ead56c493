using Cake.Core.IO;
using Cake.Core.Tooling;

namespace Build.Tools.Skopeo;

/// <summary><c>skopeo inspect</c> of an image reference such as docker://host/repo:tag.</summary>
public sealed class SkopeoInspectSettings : ToolSettings
{
    public required string Image { get; set; }

    /// <summary>The manifest (or index) exactly as the registry stores it.</summary>
    public bool Raw { get; set; }

    /// <summary>A Go template over the inspect output, e.g. {{.Digest}}.</summary>
    public string? Format { get; set; }

    public bool TlsVerify { get; set; } = true;

    /// <summary>A containers-auth.json with the registry's login (see <see cref="Registry.RegistryAuthFile"/>); none: skopeo's own logins.</summary>
    public FilePath? AuthFile { get; set; }
}

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

/// <summary><c>skopeo list-tags</c> of a repository such as docker://host/repo.</summary>
public sealed class SkopeoListTagsSettings : ToolSettings
{
    public required string Repository { get; set; }

    public bool TlsVerify { get; set; } = true;

    /// <summary>A containers-auth.json with the registry's login (see <see cref="Registry.RegistryAuthFile"/>); none: skopeo's own logins.</summary>
    public FilePath? AuthFile { get; set; }
}
