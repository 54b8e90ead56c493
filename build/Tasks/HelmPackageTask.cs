using Build.Artifacts;
using Build.Charts;
using Build.Configuration;
using Build.Images;
using Build.Releasing;
using Build.Tools.Helm;
using Build.Yaml;
using Cake.Common.Diagnostics;
using Cake.Core.IO;

namespace Build.Tasks;

[TaskName("HelmPackage")]
[IsDependentOn(typeof(ScanTask))]
[TaskDescription("Sets the chart's version, appVersion and image digest (in a copy), packages it reproducibly, signs it and pushes it to the registry as OCI")]
public sealed class HelmPackageTask : AsyncFrostingTask<BuildContext>
{
    private string _skipped = string.Empty;

    public override string SkippedMessage => _skipped;

    /// <summary>An earlier run's package of this version and commit, unchanged, signed and still in the registry, is kept.</summary>
    public override bool ShouldRun(BuildContext context)
    {
        if (context.Force || context.Chart is not null)
        {
            return true;
        }

        try
        {
            var chart = context.RequireChart();
            var signatureHolds = File.Exists(chart.Signature.FullPath) && Verifies(context.Signer, chart.Package);
            var pushed = chart.OciDigest.Length > 0 && context.ImageRegistry.ResolveDigestAsync(OciRepository(context, chart), chart.Version.Replace('+', '_')).GetAwaiter().GetResult() == chart.OciDigest;
            if (signatureHolds && pushed && context.RequirePushed() is { } image && ChartPins(chart, image))
            {
                _skipped = $"already packaged {chart.Package.GetFilename()} from this commit; it is unchanged, its signature verifies and oci://{chart.OciReference} still has it";
                return false;
            }
        }
        catch (BuildConfigurationException)
        {
            // Nothing usable from an earlier run: package now.
        }

        context.Chart = null;
        return true;
    }

    public override async Task RunAsync(BuildContext context)
    {
        SourceFiles.RequireSafe(context.Settings.Chart.FullPath);
        var version = context.RequireVersion();
        var pushed = context.RequirePushed();
        var source = context.Settings.Chart;
        var committed = ChartMetadata.Load(source.FullPath);
        RequireCommittedVersion(context, committed, version.Text);

        var copy = context.ArtifactsDirectory.Combine("chart").Combine(committed.Name);
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

        var signer = context.Signer;
        var signature = signer.BlobSignatureOf(package);
        if (File.Exists(signature.FullPath) && Verifies(signer, package))
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
        context.Chart = new ChartArtifact(package, signature, committed.Name, version.Text, pushedChart.Reference, pushedChart.Digest);
        context.SaveState(state => (state with
        {
            Chart = new State.ChartState(package.FullPath, Releasing.Checksums.Sha256(package.FullPath), version.Text, pushedChart.Reference, pushedChart.Digest),
        }).WithCompleted("HelmPackage"));
        context.Artifacts.Add(new Artifact(ArtifactKind.Chart, package.GetFilename().FullPath, package, pushedChart.Digest));
        context.Artifacts.Add(new Artifact(ArtifactKind.Signature, signature.GetFilename().FullPath, signature));
    }

    /// <summary>Publish mode releases what is committed: a Chart.yaml still on another version needs a commit, or --bump-chart.</summary>
    private static void RequireCommittedVersion(BuildContext context, ChartMetadata committed, string version)
    {
        if (context.IsPublishing && committed.Version != version && !context.Arguments.HasArgument(Arguments.BumpChart))
        {
            throw new BuildConfigurationException(
                $"{context.Settings.Chart.FullPath}/Chart.yaml has version {committed.Version}, but this release is {version}: commit the bump (version and appVersion {version}), or pass --bump-chart to release the chart as {version} anyway (the change is then shown).");
        }
    }

    private static FilePath PackageChart(BuildContext context, DirectoryPath copy, DateTimeOffset commitTime)
    {
        var output = context.ArtifactsDirectory.Combine("chart");
        if (context.HelmRunner().Locate() is not null)
        {
            context.HelmLint(copy, new HelmLintSettings { Strict = true });
            return context.HelmPackage(copy, new HelmPackageSettings { Destination = output });
        }

        return new FilePath(ChartPackager.Package(copy.FullPath, output.FullPath, commitTime).Path);
    }

    private static async Task<(string Reference, string Digest)> PushChartAsync(BuildContext context, FilePath package)
    {
        var image = context.Settings.Image;
        var @namespace = OciChartPusher.NamespaceOf(image.Repository);
        if (context.HelmRunner().Locate() is not null)
        {
            var result = context.HelmPush(package, $"oci://{image.Registry}/{@namespace}", new HelmPushSettings { PlainHttp = image.IsLoopback });
            return (result.Reference, result.Digest);
        }

        var pushed = await new OciChartPusher(context.ImageRegistry).PushAsync(package.FullPath, @namespace);
        return ($"{image.Registry}/{pushed.Repository}:{pushed.Tag}", pushed.Digest);
    }

    private static string OciRepository(BuildContext context, ChartArtifact chart) =>
        chart.OciReference[(context.Settings.Image.Registry.Length + 1)..chart.OciReference.LastIndexOf(':')];

    /// <summary>The packaged values.yaml names the image this run is releasing.</summary>
    private static bool ChartPins(ChartArtifact chart, PushedImage image)
    {
        using var gzip = new System.IO.Compression.GZipStream(File.OpenRead(chart.Package.FullPath), System.IO.Compression.CompressionMode.Decompress);
        using var tar = new System.Formats.Tar.TarReader(gzip);
        while (tar.GetNextEntry() is { } entry)
        {
            if (entry.Name.EndsWith("/values.yaml", StringComparison.Ordinal) && entry.Name.Count(c => c == '/') == 1 && entry.DataStream is { } data)
            {
                var values = new StreamReader(data).ReadToEnd();
                return YamlScalarEditor.Get(values, ["image", "digest"]) == image.IndexDigest && YamlScalarEditor.Get(values, ["image", "repository"]) == image.Repository.FullName;
            }
        }

        return false;
    }

    private static bool Verifies(Signing.ReleaseSigner signer, FilePath package)
    {
        try
        {
            signer.VerifyBlob(package);
            return true;
        }
        catch (Exception exception) when (exception is InvalidOperationException or Tools.ToolFailedException)
        {
            return false;
        }
    }

    /// <summary>A fresh copy of the chart (what is released is edited, never the committed files); links inside it become their targets' content.</summary>
    private static void CopyChart(BuildContext context, string source, string target)
    {
        MadeFolders.Recreate(context.ArtifactsDirectory.FullPath, target);
        foreach (var (relative, file) in SourceFiles.EnumerateFiles(source))
        {
            var destination = System.IO.Path.Combine(target, relative);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
            File.SetLastWriteTimeUtc(destination, File.GetLastWriteTimeUtc(file));
        }
    }
}
