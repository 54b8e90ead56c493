using Cake.Common.Diagnostics;

namespace Build.Tasks;

[TaskName("VerifyRelease")]
[TaskDescription("Checks a published release from scratch (--version, default this one): signatures, SBOM attestations, SHA256SUMS, that the chart and manifests pin the signed digest, and that the Helm repository index lists the chart with its digest")]
public sealed class VerifyReleaseTask : AsyncFrostingTask<BuildContext>, Preflight.IDeclaresNeeds
{
    public Preflight.TaskNeeds Needs(BuildContext context) => new() { Registry = true };

    public override async Task RunAsync(BuildContext context)
    {
        // A named version was released from its tag; this run's version is found by its first image tag, which for an
        // untagged commit is sha-<7 hex>.
        var current = context.Options.RequestedVersion is null ? context.RequireVersion() : null;
        var version = current?.Text ?? context.Options.RequestedVersion!;
        var imageTag = current is null ? Versioning.ImageTags.Sanitize(version) : context.Options.TagsOf(current)[0];
        var directory = await context.Services.ReleaseDestination.FetchAsync(version, "v" + version);

        context.Information("Verifying release {0} ({1}; {2})", version, directory.FullPath, context.Services.Signer.Describe());
        await context.Services.ReleaseVerification.VerifyAsync(version, directory, imageTag, line => context.Information("{0}", line));
        var chart = Charts.ChartMetadata.Load(context.Options.Settings.Chart.FullPath).Name;
        await context.Services.HelmRepository.VerifyAsync(chart, version, directory.CombineWithFilePath($"{chart}-{version}.tgz").FullPath, line => context.Information("{0}", line));
        context.Information("Every check of release {0} holds", version);
    }
}
