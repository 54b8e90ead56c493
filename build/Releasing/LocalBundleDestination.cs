using Build.Configuration;
using Build.Versioning;
using Cake.Core.IO;

namespace Build.Releasing;

/// <summary>A rehearsal's destination: the bundle under artifacts/release/&lt;version&gt; is the release; nothing leaves the machine.</summary>
public sealed class LocalBundleDestination(ArtifactLayout layout) : IReleaseDestination
{
    public Task<PublishedRelease?> PublishAsync(ReleaseVersion version, ReleaseBundle bundle, string notes) => Task.FromResult<PublishedRelease?>(null);

    public Task<DirectoryPath> FetchAsync(string version, string tag)
    {
        var directory = layout.Release(version);
        return Directory.Exists(directory.FullPath)
            ? Task.FromResult(directory)
            : throw new BuildConfigurationException($"There is no release bundle of {version} in {directory.FullPath}: run ./build.sh --target=Release first, or name another version with --version=X.Y.Z.");
    }
}
