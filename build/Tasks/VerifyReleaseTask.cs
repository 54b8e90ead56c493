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
        var version = context.Arguments.HasArgument(Arguments.Version)
            ? context.Arguments.GetArgument(Arguments.Version).TrimStart('v')
            : context.Version?.Text ?? context.VersionFromGit().Text;
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
        await new ReleaseVerifier(context, context.Signer, line => context.Information("{0}", line)).VerifyAsync(version, directory.FullPath);
        context.Information("Every check of release {0} holds", version);
    }
}
