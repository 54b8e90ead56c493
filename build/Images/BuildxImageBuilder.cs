using System.Globalization;
using System.Text.Json;
using Build.Configuration;
using Build.Preflight;
using Build.Registry;
using Build.Tools.Docker;
using Cake.Common.Diagnostics;
using Cake.Core;

namespace Build.Images;

/// <summary>
/// docker buildx: it cannot keep a multi-platform image locally, so it pushes the index by digest, untagged, as it
/// builds (Push tags it); without Push in the run it only builds (to its cache).
/// </summary>
public sealed class BuildxImageBuilder(ICakeContext cake, ReleaseSettings settings, ArtifactLayout layout, Func<OciRegistryClient> registry)
    : IImageBuilder
{
    public string Name => "buildx";

    public ToolRequirement BuildTool(string neededBy) => ToolRequirement.DockerBuildx(neededBy);

    public IReadOnlyList<ToolRequirement> PushTools(string neededBy) => [];

    public BuiltImage Build(ImageBuildRequest request)
    {
        var metadata = layout.BuildxMetadata;
        var build = new DockerBuildxBuildSettings
        {
            Context = settings.ImageContext,
            File = settings.Dockerfile,
            Output = request.Pushes
                ? $"type=image,name={settings.Image.FullName},push-by-digest=true,name-canonical=true,push=true,rewrite-timestamp=true"
                : "type=cacheonly",
            MetadataFile = metadata,
        };
        foreach (var platform in request.Platforms)
        {
            build.Platforms.Add(platform.ToString());
        }

        request.AddTo(build.Labels, build.BuildArgs);
        build.BuildArgs["SOURCE_DATE_EPOCH"] = request.Version.CommitTime.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        cake.Information("Building {0} with docker buildx...", string.Join(", ", request.Platforms));
        cake.DockerBuildxBuild(build);

        if (!request.Pushes)
        {
            return new BuiltImage(Name, request.Platforms, null, null);
        }

        using var json = JsonDocument.Parse(File.ReadAllText(metadata.FullPath));
        var digest = json.RootElement.GetProperty("containerimage.digest").GetString()
            ?? throw new InvalidOperationException($"docker buildx wrote no containerimage.digest to {metadata.FullPath}.");
        return new BuiltImage(Name, request.Platforms, null, digest);
    }

    /// <summary>Pushed as it was built; no tag names it yet.</summary>
    public Task<PushedIndex> PushIndexAsync(BuiltImage image, ImageName repository, string firstTag) =>
        Task.FromResult(new PushedIndex(image.PushedDigest!, FirstTagNamesIt: false));

    /// <summary>Pushed by digest as it was built: one platform's image, or an index of several whose entries are the platforms'.</summary>
    public async Task<IReadOnlyDictionary<Platform, string>> PushPlatformsAsync(BuiltImage image, ImageName repository)
    {
        var reference = repository.WithDigest(image.PushedDigest!);
        var manifest = await registry().GetManifestAsync(repository.Repository, image.PushedDigest!)
            ?? throw new InvalidOperationException($"{reference} is not in the registry after docker buildx pushed it.");
        return manifest.IsIndex
            ? PlatformImages.DigestsIn(manifest, image.Platforms, reference)
            : new Dictionary<Platform, string> { [image.Platforms.Single()] = manifest.Digest };
    }
}
