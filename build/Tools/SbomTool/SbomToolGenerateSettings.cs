using Cake.Core.IO;
using Cake.Core.Tooling;

namespace Build.Tools.SbomTool;

/// <summary><c>sbom-tool generate</c> (Microsoft.Sbom.DotNetTool): an SPDX SBOM of a drop directory, offline.</summary>
public sealed class SbomToolGenerateSettings : ToolSettings
{
    /// <summary>-b: the files the SBOM lists (an unpacked root file system, a release folder ...).</summary>
    public required DirectoryPath BuildDropPath { get; set; }

    /// <summary>-bc: where component detection looks for packages (go.mod, package-lock.json ...); defaults to the drop.</summary>
    public DirectoryPath? BuildComponentPath { get; set; }

    /// <summary>-pn</summary>
    public required string PackageName { get; set; }

    /// <summary>-pv</summary>
    public required string PackageVersion { get; set; }

    /// <summary>-ps: the supplier, written as "Organization: ...".</summary>
    public required string PackageSupplier { get; set; }

    /// <summary>-nsb: the base URI of the document namespace.</summary>
    public required string NamespaceUriBase { get; set; }

    /// <summary>-nsu: a fixed unique part of the namespace (otherwise random), for reproducible documents.</summary>
    public string? NamespaceUriUniquePart { get; set; }

    /// <summary>-m: the directory under which _manifest/ is written; defaults to the drop.</summary>
    public DirectoryPath? ManifestDirPath { get; set; }

    /// <summary>-mi: the manifest format; null is sbom-tool's default, SPDX 2.2.</summary>
    public SbomToolManifestFormat? ManifestInfo { get; set; }

    /// <summary>-gt: the creation time written into the document (otherwise now), for reproducible documents.</summary>
    public DateTimeOffset? GenerationTimestamp { get; set; }

    /// <summary>-D true: replace an earlier _manifest instead of failing on it.</summary>
    public bool DeleteManifestDirIfPresent { get; set; } = true;

    /// <summary>-V: Verbose, Debug, Information, Warning or Error.</summary>
    public string? Verbosity { get; set; }
}

/// <summary>The SPDX versions sbom-tool writes, and the folder each lands in under _manifest/.</summary>
public enum SbomToolManifestFormat
{
    Spdx22,
    Spdx30,
}
