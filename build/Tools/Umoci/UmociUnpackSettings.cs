using Cake.Core.IO;
using Cake.Core.Tooling;

namespace Build.Tools.Umoci;

/// <summary><c>umoci unpack</c>: an image of an OCI layout into a runtime bundle whose rootfs/ holds the image's files.</summary>
public sealed class UmociUnpackSettings : ToolSettings
{
    /// <summary>LAYOUT:TAG, e.g. /work/oci:image.</summary>
    public required string Image { get; set; }

    public required DirectoryPath Bundle { get; set; }

    /// <summary>Unpack without root (file owners become the caller); needed when not running as root.</summary>
    public bool Rootless { get; set; }
}
