using Build.Releasing;
using Build.Versioning;
using Cake.Core.IO;

namespace Build.Tests.Tasks;

/// <summary>A stand-in for the release checks (which read the registry): records what it was asked to verify.</summary>
public sealed class FakeReleaseVerification : IReleaseVerification
{
    public List<(string Version, string Directory, string ImageTag)> Calls { get; } = [];

    public Task VerifyAsync(string version, DirectoryPath directory, string imageTag, Action<string> report)
    {
        Calls.Add((version, directory.FullPath, imageTag));
        report("OK     (fake) every check");
        return Task.CompletedTask;
    }
}

/// <summary>A stand-in for the GitHub release: records the assets it was given (and whether each file was complete then) and serves a folder of its own.</summary>
public sealed class FakeReleaseDestination(string served) : IReleaseDestination
{
    public const string Url = "https://github.invalid/acme/rds-csi/releases/tag/v1.2.3";

    public Dictionary<string, string> PublishedAssets { get; } = [];

    public string? Notes { get; private set; }

    public List<(string Version, string Tag)> Fetched { get; } = [];

    public Task<PublishedRelease?> PublishAsync(ReleaseVersion version, ReleaseBundle bundle, string notes)
    {
        foreach (var name in bundle.Assets)
        {
            PublishedAssets[name] = Checksums.Sha256(bundle.PathOf(name));
        }

        Notes = notes;
        return Task.FromResult<PublishedRelease?>(new PublishedRelease(42, Url));
    }

    public Task<DirectoryPath> FetchAsync(string version, string tag)
    {
        Fetched.Add((version, tag));
        Directory.CreateDirectory(served);
        return Task.FromResult(new DirectoryPath(served));
    }
}
