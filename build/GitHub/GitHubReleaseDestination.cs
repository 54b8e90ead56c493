using Build.Releasing;
using Build.Versioning;
using Cake.Common.Diagnostics;
using Cake.Core.IO;

namespace Build.GitHub;

/// <summary>
/// Publish mode's destination: the GitHub release of the tag, a draft until every asset is up and published then (see
/// <see cref="GitHubReleasePublisher"/>); transient failures are retried. It is read back by downloading every asset afresh.
/// </summary>
public sealed class GitHubReleaseDestination(BuildContext context) : IReleaseDestination
{
    public async Task<PublishedRelease?> PublishAsync(ReleaseVersion version, ReleaseBundle bundle, string notes)
    {
        var options = context.Options;
        var request = new ReleaseRequest(
            options.GitHub.Owner,
            options.GitHub.Repository,
            version.GitTag!,
            $"RDS CSI Driver {version.GitTag}",
            notes,
            version.IsPrerelease,
            bundle.Assets.Select(name => new ReleaseAsset(name, bundle.PathOf(name))).ToList(),
            options.Force);
        using var publisher = new GitHubReleasePublisher(options.GitHub.Api, options.Secrets.GitHubToken!);
        var progress = new Progress<string>(line => context.Information("GitHub: {0}", line));
        var outcome = await Resilience.Retries.Operations(options.RetrySettings, line => context.Warning("{0}", line), exception => exception is GitHubReleaseException { IsTransient: true })
            .ExecuteAsync(async token => await publisher.PublishAsync(request, progress, token));
        context.Information(
            outcome.ChangedNothing
                ? "GitHub release {0} is already complete and published; nothing changed ({1})"
                : "GitHub release {0} published ({1}): {2} uploaded, {3} already there, {4} replaced",
            version.GitTag!,
            outcome.HtmlUrl,
            outcome.Uploaded.Count,
            outcome.AlreadyPresent.Count,
            outcome.Replaced.Count);
        return new PublishedRelease(outcome.ReleaseId, outcome.HtmlUrl);
    }

    public async Task<DirectoryPath> FetchAsync(string version, string tag)
    {
        var directory = context.Options.Layout.Verify(version);
        await ReleaseDownload.DownloadAsync(context, tag, directory);
        return directory;
    }
}
