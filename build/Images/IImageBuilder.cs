using Build.Configuration;
using Build.Preflight;
using Build.Versioning;

namespace Build.Images;

/// <summary>
/// An image builder backend (GoReleaser's <c>imager</c>): buildah or docker buildx, chosen once by the composition root
/// (<see cref="BuildServices.Builder"/>). Build and Push call it without asking which one it is.
/// </summary>
public interface IImageBuilder
{
    /// <summary>"buildah" or "buildx", as the log, image.json and the release state name it.</summary>
    string Name { get; }

    /// <summary>The command a task needs to build with this backend.</summary>
    ToolRequirement BuildTool(string neededBy);

    /// <summary>The commands a task needs to push what this backend built (none when building pushed it already).</summary>
    IReadOnlyList<ToolRequirement> PushTools(string neededBy);

    /// <summary>Builds every platform of <paramref name="request"/> into one multi-arch image.</summary>
    BuiltImage Build(ImageBuildRequest request);

    /// <summary>Puts the built index in the registry; <paramref name="firstTag"/> may already name it afterwards (see <see cref="PushedIndex"/>).</summary>
    Task<PushedIndex> PushIndexAsync(BuiltImage image, ImageName repository, string firstTag);

    /// <summary>Puts each built platform's image in the registry by its digest only (no tag moves).</summary>
    Task<IReadOnlyDictionary<Platform, string>> PushPlatformsAsync(BuiltImage image, ImageName repository);
}

/// <summary>What to build: the version's labels and build arguments, the platforms, and whether this run pushes it (buildx then pushes as it builds).</summary>
public sealed record ImageBuildRequest(ReleaseVersion Version, ImageDescription Description, IReadOnlyList<Platform> Platforms, bool Pushes)
{
    public IReadOnlyDictionary<string, string> Labels => ImageLabels.For(Version, Description);

    public IReadOnlyDictionary<string, string> BuildArguments => ImageLabels.BuildArguments(Version);

    /// <summary>Adds <see cref="Labels"/> and <see cref="BuildArguments"/> to a builder's settings.</summary>
    public void AddTo(IDictionary<string, string> labels, IDictionary<string, string> buildArguments)
    {
        foreach (var (key, value) in Labels)
        {
            labels[key] = value;
        }

        foreach (var (key, value) in BuildArguments)
        {
            buildArguments[key] = value;
        }
    }
}

/// <summary>The index a backend put in the registry, and whether the first tag names exactly it already (the other tags then follow).</summary>
public sealed record PushedIndex(string Digest, bool FirstTagNamesIt);
