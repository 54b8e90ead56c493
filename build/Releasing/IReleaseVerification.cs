using Cake.Core.IO;

namespace Build.Releasing;

/// <summary>Checks a release's files and the registry from scratch, one reported line per check; the first that does not hold throws.</summary>
public interface IReleaseVerification
{
    /// <param name="imageTag">The tag that names the release's index: the version's own tag, or for an untagged commit its sha-&lt;7 hex&gt; tag.</param>
    Task VerifyAsync(string version, DirectoryPath directory, string imageTag, Action<string> report);
}

/// <summary>The real checks: <see cref="ReleaseVerifier"/> with this run's signer and registry.</summary>
public sealed class ReleaseVerification(BuildContext context) : IReleaseVerification
{
    public Task VerifyAsync(string version, DirectoryPath directory, string imageTag, Action<string> report) =>
        new ReleaseVerifier(context, context.Services.Signer, report).VerifyAsync(version, directory.FullPath, imageTag);
}
