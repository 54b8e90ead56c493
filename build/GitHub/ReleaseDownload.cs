using Build.Artifacts;
using Build.Configuration;
using Cake.Common.Diagnostics;
using Cake.Core.IO;

namespace Build.GitHub;

/// <summary>What GitHub serves for a release, downloaded afresh (Publish and VerifyRelease verify it, not the local files).</summary>
public static class ReleaseDownload
{
    public static async Task DownloadAsync(BuildContext context, string tag, DirectoryPath directory)
    {
        var options = context.Options;
        MadeFolders.Recreate(options.Layout.Root.FullPath, directory.FullPath);
        using var publisher = new GitHubReleasePublisher(options.GitHub.Api, options.Secrets.GitHubToken
            ?? throw new BuildConfigurationException("GITHUB_TOKEN is not set: it reads the GitHub release's assets (any token with read access to the repository)."));
        var assets = await publisher.DownloadAssetsAsync(options.GitHub.Owner, options.GitHub.Repository, tag, directory.FullPath);
        context.Information("Downloaded the {0} assets of the GitHub release {1} to verify them", assets.Count, tag);
    }
}
