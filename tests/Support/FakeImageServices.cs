using Build.Configuration;
using Build.Images;
using Build.Preflight;

namespace Build.Tests.Support;

/// <summary>
/// A stand-in image builder backend: records what it was asked to build and push, and answers what the test gives.
/// No tool runs; with <see cref="OnPushIndex"/> a test can make it put an index in a real registry.
/// </summary>
public sealed class FakeImageBuilder : IImageBuilder
{
    public static readonly ToolRequirement BuildCommand = ToolRequirement.Debian("fake-build", "fake-build", "Build");

    public List<ImageBuildRequest> Builds { get; } = [];

    public List<(BuiltImage Image, string FirstTag)> IndexPushes { get; } = [];

    public Func<BuiltImage, ImageName, string, Task<PushedIndex>> OnPushIndex { get; set; } =
        (image, _, _) => Task.FromResult(new PushedIndex(image.PushedDigest ?? "sha256:" + new string('4', 64), FirstTagNamesIt: false));

    public IReadOnlyDictionary<Platform, string> PlatformPushes { get; set; } = new Dictionary<Platform, string>();

    public string Name => "fake";

    public ToolRequirement BuildTool(string neededBy) => BuildCommand with { NeededBy = neededBy };

    public IReadOnlyList<ToolRequirement> PushTools(string neededBy) => [ToolRequirement.Debian("fake-push", "fake-push", neededBy)];

    public BuiltImage Build(ImageBuildRequest request)
    {
        Builds.Add(request);
        return new BuiltImage(Name, request.Platforms, "localhost/fake:" + request.Version.ShortCommit, null);
    }

    public Task<PushedIndex> PushIndexAsync(BuiltImage image, ImageName repository, string firstTag)
    {
        IndexPushes.Add((image, firstTag));
        return OnPushIndex(image, repository, firstTag);
    }

    public Task<IReadOnlyDictionary<Platform, string>> PushPlatformsAsync(BuiltImage image, ImageName repository) => Task.FromResult(PlatformPushes);
}

/// <summary>A stand-in publisher: records what Push handed it and returns what the test gives, touching no registry.</summary>
public sealed class FakeImagePublisher(PublishedImage published) : IImagePublisher
{
    public List<string> Calls { get; } = [];

    public IReadOnlyList<string> Tags { get; private set; } = [];

    public IReadOnlyDictionary<Platform, string> ByDigest { get; init; } = new Dictionary<Platform, string>();

    public Task<PublishedImage> PublishAsync(BuiltImage image, IReadOnlyList<string> tags)
    {
        Calls.Add("publish " + image.LocalManifest);
        Tags = tags;
        return Task.FromResult(published);
    }

    public Task<PublishedImage> MergeAsync(Cake.Core.IO.DirectoryPath digests, IReadOnlyList<string> tags)
    {
        Calls.Add("merge " + digests.FullPath);
        Tags = tags;
        return Task.FromResult(published);
    }

    public Task<IReadOnlyDictionary<Platform, string>> PushByDigestAsync(BuiltImage image)
    {
        Calls.Add("by digest " + image.LocalManifest);
        return Task.FromResult(ByDigest);
    }
}
