using Build.Configuration;
using Build.Releasing;
using Cake.Common.Diagnostics;
using Cake.Core;

namespace Build.Tasks;

[TaskName("VerifyRelease")]
[TaskDescription("Checks a published release from scratch (--version, default this one): signatures, SBOM attestations, SHA256SUMS, and that the chart and manifests pin the signed digest")]
public sealed class VerifyReleaseTask : AsyncFrostingTask<BuildContext>, Preflight.IDeclaresNeeds
{
    public Preflight.TaskNeeds Needs(BuildContext context) => new() { Registry = true };

    public override async Task RunAsync(BuildContext context)
    {
        // A named version was released from its tag; this run's version is found by its first image tag, which for an
        // untagged commit is sha-<7 hex>.
        var named = context.Options.RequestedVersion is not null;
        var current = named ? null : context.RequireVersion();
        var version = current?.Text ?? context.Options.RequestedVersion!;
        var imageTag = current is null ? Versioning.ImageTags.Sanitize(version) : context.Options.TagsOf(current)[0];
        var directory = context.Options.Layout.Release(version);
        if (context.Options.IsPublishing)
        {
            directory = context.Options.Layout.Verify(version);
            await GitHub.ReleaseDownload.DownloadAsync(context, "v" + version, directory);
        }
        else if (!Directory.Exists(directory.FullPath))
        {
            throw new BuildConfigurationException($"There is no release bundle of {version} in {directory.FullPath}: run ./build.sh --target=Release first, or name another version with --version=X.Y.Z.");
        }

        context.Information("Verifying release {0} ({1}; {2})", version, directory.FullPath, context.Services.Signer.Describe());
        await new ReleaseVerifier(context, context.Services.Signer, line => context.Information("{0}", line)).VerifyAsync(version, directory.FullPath, imageTag);
        context.Information("Every check of release {0} holds", version);
    }
}
