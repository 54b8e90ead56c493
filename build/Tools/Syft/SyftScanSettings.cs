using Cake.Core.IO;
using Cake.Core.Tooling;

namespace Build.Tools.Syft;

/// <summary><c>syft scan SOURCE -o FORMAT=FILE</c>: catalogues the packages of an image or directory into SBOM files.</summary>
public sealed class SyftScanSettings : ToolSettings
{
    /// <summary>-o FORMAT=FILE, once per file; at least one.</summary>
    public IList<SyftOutput> Outputs { get; } = [];

    /// <summary>--platform: which image of a multi-platform index to scan (linux/arm64 ...).</summary>
    public string? Platform { get; set; }

    /// <summary>--source-name: the name the SBOM gives its subject (defaults to the reference).</summary>
    public string? SourceName { get; set; }

    /// <summary>--source-version: the version the SBOM gives its subject.</summary>
    public string? SourceVersion { get; set; }

    /// <summary>SYFT_REGISTRY_INSECURE_USE_HTTP=true: plain HTTP, for the loopback rehearsal registry only.</summary>
    public bool AllowHttpRegistry { get; set; }
}

/// <summary>The SBOM formats the release writes.</summary>
public enum SyftFormat
{
    SpdxJson,
    CycloneDxJson,
    SyftJson,
}

public sealed record SyftOutput(SyftFormat Format, FilePath File)
{
    public string FormatName => Format switch
    {
        SyftFormat.SpdxJson => "spdx-json",
        SyftFormat.CycloneDxJson => "cyclonedx-json",
        SyftFormat.SyftJson => "syft-json",
        _ => throw new ArgumentOutOfRangeException(nameof(Format), Format, "Unknown syft output format."),
    };
}

/// <summary>What syft scans, with the scheme that tells syft where to read it from.</summary>
public sealed record SyftSource
{
    private SyftSource(string scheme, string location)
    {
        Scheme = scheme;
        Location = location;
    }

    public string Scheme { get; }

    public string Location { get; }

    /// <summary>An image read straight from its registry (no daemon): pass REPOSITORY@sha256:DIGEST.</summary>
    public static SyftSource Registry(string reference) => new("registry", Required(reference, "image reference"));

    /// <summary>An OCI image layout on disk (from <c>skopeo copy ... oci:DIR</c>).</summary>
    public static SyftSource OciDirectory(DirectoryPath directory) => new("oci-dir", directory.FullPath);

    /// <summary>A directory tree, for example an unpacked root file system.</summary>
    public static SyftSource Directory(DirectoryPath directory) => new("dir", directory.FullPath);

    public override string ToString() => $"{Scheme}:{Location}";

    private static string Required(string value, string what) =>
        string.IsNullOrWhiteSpace(value) ? throw new ArgumentException($"A syft source needs an {what}.", nameof(value)) : value;
}
