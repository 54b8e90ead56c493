using Build.Versioning;
using Cake.Core.IO;

namespace Build.Releasing;

/// <summary>
/// Where a release goes and where it is read back from to be verified: the bundle under artifacts/release/&lt;version&gt;
/// itself (a rehearsal, <see cref="LocalBundleDestination"/>), or a GitHub release (publish mode,
/// <c>GitHub.GitHubReleaseDestination</c>). The composition root picks one by mode; Publish and VerifyRelease do not branch on which.
/// </summary>
public interface IReleaseDestination
{
    /// <summary>Publishes the bundle's assets with <paramref name="notes"/>; null when the bundle itself is the release.</summary>
    Task<PublishedRelease?> PublishAsync(ReleaseVersion version, ReleaseBundle bundle, string notes);

    /// <summary>The folder holding the release's files as this destination serves them: the bundle itself, or a fresh download.</summary>
    Task<DirectoryPath> FetchAsync(string version, string tag);
}

/// <summary>A release published somewhere other than the bundle folder: its id and page.</summary>
public sealed record PublishedRelease(long Id, string Url);
