using Cake.Core.IO;
using Cake.Core.Tooling;

namespace Build.Tools.Docker;

/// <summary><c>docker buildx build</c> of every platform at once.</summary>
public sealed class DockerBuildxBuildSettings : ToolSettings
{
    public required DirectoryPath Context { get; set; }

    public FilePath? File { get; set; }

    public IList<string> Platforms { get; } = [];

    public IList<string> Tags { get; } = [];

    public IDictionary<string, string> BuildArgs { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    public IDictionary<string, string> Labels { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary>e.g. type=image,name=REPO,push-by-digest=true,name-canonical=true,push=true,rewrite-timestamp=true.</summary>
    public string? Output { get; set; }

    /// <summary>buildx writes containerimage.digest and the descriptor here.</summary>
    public FilePath? MetadataFile { get; set; }

    /// <summary>Provenance and SBOM attestations of buildx itself; the release attests its own, so off by default.</summary>
    public string Provenance { get; set; } = "false";

    public string Sbom { get; set; } = "false";

    public string? Builder { get; set; }

    public bool Push { get; set; }
}

/// <summary><c>docker buildx version</c>: does the buildx plugin answer?</summary>
public sealed class DockerBuildxVersionSettings : ToolSettings;
