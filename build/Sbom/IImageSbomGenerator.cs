using Build.Configuration;
using Build.Images;
using Cake.Core.IO;

namespace Build.Sbom;

/// <summary>What makes the release's SBOMs (<see cref="ImageSbomGenerator"/>: syft, or sbom-tool over the unpacked image), made once by the composition root.</summary>
public interface IImageSbomGenerator
{
    /// <summary>For the log: which generator makes the platforms' SBOMs.</summary>
    string Generator { get; }

    /// <summary>Writes the SBOM of <paramref name="platform"/>'s image, saying what it is doing through <paramref name="progress"/>.</summary>
    FilePath Generate(PushedImage pushed, Platform platform, Action<string>? progress = null);

    /// <summary>Writes the index's SBOM over the platforms' SBOM files.</summary>
    FilePath GenerateIndex(PushedImage pushed, IReadOnlyDictionary<Platform, FilePath> platformSboms);
}
