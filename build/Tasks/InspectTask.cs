using System.Text.Json;
using Build.Charts;
using Build.Configuration;
using Build.Inspection;
using Build.Preflight;
using Cake.Common.Diagnostics;
using Cake.Core;
using Cake.Core.IO;
using Path = System.IO.Path;

namespace Build.Tasks;

[TaskName(InspectTarget.TaskName)]
[TaskDescription("Prints what the registry holds for --image=REF (a tag or digest; default this version's tag): the index and platform manifests, each signature and attestation and whether it verifies, OCI 1.1 referrers, the chart that pins it; --format=json for scripts")]
public sealed class InspectTask : AsyncFrostingTask<BuildContext>, IDeclaresNeeds
{
    public TaskNeeds Needs(BuildContext context) => new() { Registry = true };

    public override async Task RunAsync(BuildContext context)
    {
        var format = context.Arguments.HasArgument(Arguments.Format) ? context.Arguments.GetArgument(Arguments.Format) : "text";
        if (format is not ("text" or "json"))
        {
            throw new BuildConfigurationException($"--format={Diagnostics.InputText.Quote(format)}: Inspect prints text (the default) or json.");
        }

        var image = context.Options.Settings.Image;
        var given = context.Arguments.HasArgument(Arguments.Image) ? InspectTarget.Split(context.Arguments.GetArgument(Arguments.Image)).Reference : null;
        var version = given is null ? context.Services.VersionFromGit() : null;
        var reference = given ?? context.Options.TagsOf(version!)[0];

        var inspector = new ImageInspector(context.Services.ImageRegistry, KnownKeys(context), ExpectedIdentity(context));
        var report = await inspector.InspectAsync(image.Repository, reference);
        // The chart of the tag given, else of this version (a digest names no chart version).
        var chartVersion = version?.Text ?? (OciDigestOrNull(reference) is null ? reference : context.Services.VersionFromGit().Text);
        if (chartVersion is not null && context.FileSystem.Exist(context.Options.Settings.Chart.CombineWithFilePath(ChartMetadata.FileName)))
        {
            var chartName = ChartMetadata.Load(context.Options.Settings.Chart.FullPath).Name;
            report = report with { Chart = await inspector.ChartAsync(image.Repository, chartName, chartVersion!, report.Digest) };
        }

        if (format == "json")
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(report, InspectionJson.Options));
        }
        else
        {
            foreach (var line in InspectionText.Lines(report))
            {
                context.Information("{0}", line);
            }
        }
    }

    private static string? OciDigestOrNull(string reference) => Registry.OciDigest.IsDigest(reference) ? reference : null;

    /// <summary>The keys a signature may verify with: the run's key pair (a rehearsal's under artifacts/keys), the project's deploy/cosign.pub and every key in deploy/keys/.</summary>
    private static IReadOnlyList<KnownKey> KnownKeys(BuildContext context)
    {
        var root = context.Options.RepositoryRoot.FullPath;
        var keysFolder = Path.Combine(root, Build.Keys.KeysFile.Folder);
        var files = new List<string> { context.Options.Layout.SigningPublicKey.FullPath, Path.Combine(root, "deploy", "cosign.pub") };
        if (Directory.Exists(keysFolder))
        {
            files.AddRange(Directory.GetFiles(keysFolder, "*.pub").Order(StringComparer.Ordinal));
        }

        return KnownKey.Load(files);
    }

    /// <summary>In GitHub Actions, the release workflow's identity a keyless signature must carry; elsewhere none.</summary>
    private static string? ExpectedIdentity(BuildContext context) =>
        context.Options.GitHubActions is { IsRunning: true, ServerUrl: not null, WorkflowRef: not null } actions ? SigningSettings.KeylessIdentity(actions) : null;
}
