using Build.Artifacts;
using Build.Charts;
using Build.Configuration;
using Build.Images;
using Build.Preflight;
using Build.Releasing;
using Cake.Common.Diagnostics;

namespace Build.Tasks;

[TaskName("HelmPackage")]
[IsDependentOn(typeof(ScanTask))]
[TaskDescription("Sets the chart's version, appVersion and image digest (in a copy), packages it reproducibly, signs it and pushes it to the registry as OCI")]
public sealed class HelmPackageTask : AsyncFrostingTask<BuildContext>, IDeclaresNeeds
{
    private string _skipped = string.Empty;

    public override string SkippedMessage => _skipped;

    public TaskNeeds Needs(BuildContext context) => new() { Registry = true, SigningKeys = true, PushedImage = true };

    /// <summary>An earlier run's package of this version and commit, unchanged, signed and still in the registry, is kept.</summary>
    public override bool ShouldRun(BuildContext context)
    {
        if (context.Options.Force)
        {
            return true;
        }

        var resumed = context.Resumed;
        if (resumed is { Chart: { } chart, ChartStillPublished: true } && context.PushedOrNull is { } image && resumed.ChartPinsImage(image))
        {
            _skipped = $"already packaged {chart.Package.GetFilename()} from this commit; it is unchanged, its signature verifies and oci://{chart.OciReference} still has it";
            return false;
        }

        return true;
    }

    public override async Task RunAsync(BuildContext context)
    {
        SourceFiles.RequireSafe(context.Options.Settings.Chart.FullPath);
        var version = context.RequireVersion();
        var pushed = context.RequirePushed();
        var committed = ChartMetadata.Load(context.Options.Settings.Chart.FullPath);
        RequireCommittedVersion(context, committed, version.Text);

        var copy = await ReleasedChart.CopyAsync(context, committed, version.Text, pushed);
        if (context.Arguments.HasArgument(Arguments.BumpChart))
        {
            context.Information("--bump-chart: the released chart differs from the committed one:\n{0}", ReleasedChart.Changes(context.Options.Settings.Chart, copy));
        }

        var publisher = context.Services.ChartPublisher;
        var package = publisher.Package(copy, context.Options.Layout.Chart, version.CommitTime);
        context.Information("Packaged {0} (version and appVersion {1}, image {2})", package.GetFilename(), version.Text, pushed.Reference);

        var signer = context.Services.Signer;
        if (BlobSigning.SignUnlessVerified(signer, package))
        {
            context.Information("Signed {0} ({1}); the signature verifies", package.GetFilename(), signer.Settings.Describe());
        }
        else
        {
            context.Information("Already signed {0} (the signature verifies; kept)", package.GetFilename());
        }

        var signature = signer.BlobSignatureOf(package);
        var pushedChart = await publisher.PushAsync(package);
        context.Information("Pushed the chart to oci://{0}@{1}", pushedChart.Reference, pushedChart.Digest);
        context.Results.Chart.Set(new ChartArtifact(package, signature, committed.Name, version.Text, pushedChart.Reference, pushedChart.Digest));
        context.Services.State.Save(state => (state with
        {
            Chart = new State.ChartState(package.FullPath, Checksums.Sha256(package.FullPath), version.Text, pushedChart.Reference, pushedChart.Digest),
        }).WithCompleted(BuildPlan.NameOf<HelmPackageTask>()));
        context.Results.Artifacts.Add(new Artifact(ArtifactKind.Chart, package.GetFilename().FullPath, package, pushedChart.Digest));
        context.Results.Artifacts.Add(new Artifact(ArtifactKind.Signature, signature.GetFilename().FullPath, signature));
    }

    /// <summary>Publish mode releases what is committed: a Chart.yaml still on another version needs a commit, or --bump-chart.</summary>
    private static void RequireCommittedVersion(BuildContext context, ChartMetadata committed, string version)
    {
        if (context.Options.IsPublishing && committed.Version != version && !context.Arguments.HasArgument(Arguments.BumpChart))
        {
            throw new BuildConfigurationException(
                $"{context.Options.Settings.Chart.FullPath}/Chart.yaml has version {committed.Version}, but this release is {version}: commit the bump (version and appVersion {version}), or pass --bump-chart to release the chart as {version} anyway (the change is then shown).");
        }
    }
}
