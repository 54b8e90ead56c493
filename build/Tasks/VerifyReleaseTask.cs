using Build.Configuration;
using Build.Releasing;
using Cake.Common.Diagnostics;
using Cake.Core;

namespace Build.Tasks;

[TaskName("VerifyRelease")]
[TaskDescription("Checks a published release from scratch (--version, default this one): signatures, SBOM attestations, SHA256SUMS, and that the chart and manifests pin the signed digest")]
public sealed class VerifyReleaseTask : AsyncFrostingTask<BuildContext>
{
    public override async Task RunAsync(BuildContext context)
    {
        // A named version was released from its tag; this run's version is found by its first image tag, which for an
        // untagged commit is sha-<7 hex>.
        var named = context.RequestedVersion is not null;
        var current = named ? null : context.Version ?? context.VersionFromGit();
        var version = current?.Text ?? context.RequestedVersion!;
        var imageTag = current is null ? Versioning.ImageTags.Sanitize(version) : Versioning.ImageTags.For(current, context.Settings.Latest)[0];
        var directory = context.ArtifactsDirectory.Combine("release").Combine(version);
        if (context.IsPublishing)
        {
            directory = context.ArtifactsDirectory.Combine("verify").Combine(version);
            await ReleaseTask.DownloadAsync(context, "v" + version, directory);
        }
        else if (!Directory.Exists(directory.FullPath))
        {
            throw new BuildConfigurationException($"There is no release bundle of {version} in {directory.FullPath}: run ./build.sh --target=Release first, or name another version with --version=X.Y.Z.");
        }

        context.Information("Verifying release {0} ({1}; {2})", version, directory.FullPath, context.Signer.Describe());
        await new ReleaseVerifier(context, context.Signer, line => context.Information("{0}", line)).VerifyAsync(version, directory.FullPath, imageTag);
        context.Information("Every check of release {0} holds", version);
    }
}
