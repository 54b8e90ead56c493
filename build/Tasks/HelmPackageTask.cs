using Build.Artifacts;
using Build.Charts;
using Build.Configuration;
using Build.Images;
using Build.Preflight;
using Build.Releasing;
using Build.Tools.Helm;
using Build.Yaml;
using Cake.Common.Diagnostics;
using Cake.Core.IO;

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
        var source = context.Options.Settings.Chart;
        var committed = ChartMetadata.Load(source.FullPath);
        RequireCommittedVersion(context, committed, version.Text);

        var copy = context.Options.Layout.ChartCopy(committed.Name);
        CopyChart(context, source.FullPath, copy.FullPath);
        var chartYaml = copy.CombineWithFilePath("Chart.yaml").FullPath;
        var valuesYaml = copy.CombineWithFilePath("values.yaml").FullPath;
        YamlScalarEditor.SetManyInFile(chartYaml, [(["version"], version.Text), (["appVersion"], version.Text)]);
        YamlScalarEditor.SetManyInFile(valuesYaml, [
            (["image", "repository"], pushed.Repository.FullName),
            (["image", "tag"], pushed.Tags[0]),
            (["image", "digest"], pushed.IndexDigest),
        ]);
        await context.PinSidecarDigestsAsync(valuesYaml);
        if (context.Arguments.HasArgument(Arguments.BumpChart))
        {
            context.Information("--bump-chart: the released chart differs from the committed one:\n{0}{1}",
                TextDiff.Changes("Chart.yaml", File.ReadAllText(source.CombineWithFilePath("Chart.yaml").FullPath), File.ReadAllText(chartYaml)),
                TextDiff.Changes("values.yaml", File.ReadAllText(source.CombineWithFilePath("values.yaml").FullPath), File.ReadAllText(valuesYaml)));
        }

        var package = PackageChart(context, copy, version.CommitTime);
        context.Information("Packaged {0} (version and appVersion {1}, image {2})", package.GetFilename(), version.Text, pushed.Reference);

        var signer = context.Services.Signer;
        var signature = signer.BlobSignatureOf(package);
        if (File.Exists(signature.FullPath) && signer.BlobVerifies(package))
        {
            context.Information("Already signed {0} (the signature verifies; kept)", package.GetFilename());
        }
        else
        {
            signer.SignBlob(package);
            signer.VerifyBlob(package);
            context.Information("Signed {0} ({1}); the signature verifies", package.GetFilename(), signer.Settings.Describe());
        }

        var pushedChart = await PushChartAsync(context, package);
        context.Information("Pushed the chart to oci://{0}@{1}", pushedChart.Reference, pushedChart.Digest);
        context.Results.Chart.Set(new ChartArtifact(package, signature, committed.Name, version.Text, pushedChart.Reference, pushedChart.Digest));
        context.Services.State.Save(state => (state with
        {
            Chart = new State.ChartState(package.FullPath, Releasing.Checksums.Sha256(package.FullPath), version.Text, pushedChart.Reference, pushedChart.Digest),
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

    private static FilePath PackageChart(BuildContext context, DirectoryPath copy, DateTimeOffset commitTime)
    {
        var output = context.Options.Layout.Chart;
        if (context.HelmRunner().Locate() is not null)
        {
            context.HelmLint(copy, new HelmLintSettings { Strict = true });
            return context.HelmPackage(copy, new HelmPackageSettings { Destination = output });
        }

        return new FilePath(ChartPackager.Package(copy.FullPath, output.FullPath, commitTime).Path);
    }

    private static async Task<(string Reference, string Digest)> PushChartAsync(BuildContext context, FilePath package)
    {
        var image = context.Options.Settings.Image;
        var @namespace = OciChartPusher.NamespaceOf(image.Repository);
        if (context.HelmRunner().Locate() is not null)
        {
            var result = context.HelmPush(package, $"oci://{image.Registry}/{@namespace}", new HelmPushSettings { PlainHttp = image.IsLoopback });
            return (result.Reference, result.Digest);
        }

        var pushed = await new OciChartPusher(context.Services.ImageRegistry).PushAsync(package.FullPath, @namespace);
        return ($"{image.Registry}/{pushed.Repository}:{pushed.Tag}", pushed.Digest);
    }

    /// <summary>A fresh copy of the chart (what is released is edited, never the committed files); links inside it become their targets' content.</summary>
    private static void CopyChart(BuildContext context, string source, string target)
    {
        MadeFolders.Recreate(context.Options.Layout.Root.FullPath, target);
        foreach (var (relative, file) in SourceFiles.EnumerateFiles(source))
        {
            var destination = System.IO.Path.Combine(target, relative);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
            File.SetLastWriteTimeUtc(destination, File.GetLastWriteTimeUtc(file));
        }
    }
}
