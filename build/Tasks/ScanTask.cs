using System.Text;
using Build.Artifacts;
using Build.Configuration;
using Build.Preflight;
using Build.Reporting;
using Build.Scanning;
using Build.Tools.Trivy;
using Cake.Common.Diagnostics;
using Cake.Core.IO;

namespace Build.Tasks;

[TaskName("Scan")]
[IsDependentOn(typeof(SbomTask))]
[TaskDescription("Scans every platform image with trivy and fails on the [Scan] FailOn severities; writes artifacts/scan/trivy.sarif")]
public sealed class ScanTask : FrostingTask<BuildContext>, IDeclaresNeeds
{
    /// <summary>Publish mode never releases unscanned: trivy is required there; a rehearsal without it skips the scan.</summary>
    public TaskNeeds Needs(BuildContext context) => new()
    {
        Registry = true,
        PushedImage = true,
        Tools = context.Options.IsPublishing ? [new ToolRequirement("trivy", null, $"{BuildPlan.NameOf<ScanTask>()} (publish mode never releases unscanned)", TrivyRunner.InstallHint)] : [],
    };

    public override string SkippedMessage => $"trivy is not installed, so this rehearsal is NOT scanned for vulnerabilities ({TrivyRunner.InstallHint})";

    /// <summary>Publish mode never gets here without trivy: the preflight refuses it before anything is pushed.</summary>
    public override bool ShouldRun(BuildContext context) => context.TrivyRunner().Locate() is not null;

    public override void Run(BuildContext context)
    {
        var pushed = context.RequirePushed();
        var settings = context.Options.ScanSettings;
        var layout = context.Options.Layout;
        var scanDirectory = layout.Scan;
        Directory.CreateDirectory(scanDirectory.FullPath);
        var ignore = TrivyIgnoreFile.Load(settings.IgnoreFile.FullPath);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        foreach (var expired in ignore.Expired(today))
        {
            context.Warning("{0}:{1}: the exception for {2} expired on {3:yyyy-MM-dd}; it counts again", settings.IgnoreFile.GetFilename(), expired.Line, expired.Id, expired.ExpiresOn);
        }

        var sarif = layout.ScanSarif;
        context.TrivyImage(pushed.Reference, Settings(context, pushed.Repository, TrivyFormat.Sarif, sarif, ScanSettings.ReportedSeverities));
        context.Results.Artifacts.Add(new Artifact(ArtifactKind.ScanReport, "trivy.sarif", sarif, pushed.IndexDigest));

        var results = new List<(Platform Platform, GateResult Gate)>();
        var summaries = new List<string>();
        foreach (var (platform, digest) in pushed.PlatformDigests)
        {
            var json = layout.ScanJson(platform);
            context.TrivyImage(pushed.Repository.WithDigest(digest), Settings(context, pushed.Repository, TrivyFormat.Json, json, []));
            var gate = VulnerabilityGate.Evaluate(TrivyReport.Load(json.FullPath), settings.FailOn, settings.IgnoreUnfixed, ignore.ActiveIds(today));
            results.Add((platform, gate));
            context.Information("Scanned {0}: {1}", platform, gate.Summary);
            summaries.Add($"{platform}: {gate.Summary}");
            context.Results.Artifacts.Add(new Artifact(ArtifactKind.ScanReport, json.GetFilename().FullPath, json, digest));
        }

        context.Results.ScanResults.Set(summaries);
        var table = SummaryTable(results);
        context.Information("{0}", table);
        GitHubActionsWriter.For(context).AppendSummary("### Vulnerability scan (trivy)\n\n" + table);

        var failing = results.Where(result => !result.Gate.Passed).ToList();
        if (failing.Count > 0)
        {
            var lines = failing.SelectMany(result => result.Gate.FailureLines.Select(line => $"  {result.Platform}: {line}"));
            throw new InvalidOperationException(
                $"The vulnerability gate failed ({Scan(settings)}):{Environment.NewLine}{string.Join(Environment.NewLine, lines)}{Environment.NewLine}" +
                $"Fix them (update the base image or dependencies), or accept one with a justified entry in {settings.IgnoreFile.GetFilename()}.");
        }

        context.Information("The vulnerability gate passed ({0})", Scan(settings));
    }

    private static TrivyImageSettings Settings(BuildContext context, ImageName repository, TrivyFormat format, FilePath output, IReadOnlyList<string> severities)
    {
        var settings = new TrivyImageSettings
        {
            Format = format,
            Output = output,
            IgnoreUnfixed = context.Options.ScanSettings.IgnoreUnfixed,
            IgnoreFile = context.FileSystem.Exist(context.Options.ScanSettings.IgnoreFile) ? context.Options.ScanSettings.IgnoreFile : null,
            Insecure = repository.IsLoopback,
            RegistryUsername = context.Options.RegistryLogin?.Username,
            RegistryPassword = context.Options.RegistryLogin?.Password,
        };
        foreach (var severity in severities)
        {
            settings.Severities.Add(severity);
        }

        return settings;
    }

    private static string Scan(ScanSettings settings) =>
        $"fails on {string.Join(", ", settings.FailOn)}{(settings.IgnoreUnfixed ? ", unfixed ignored" : string.Empty)}";

    /// <summary>Counts by severity, one row per platform, as a Markdown table (readable in the log and the job summary).</summary>
    internal static string SummaryTable(IReadOnlyList<(Platform Platform, GateResult Gate)> results)
    {
        var text = new StringBuilder();
        text.AppendLine("| Platform | " + string.Join(" | ", Severity.All) + " | Gate |");
        text.AppendLine("|---|" + string.Concat(Severity.All.Select(_ => "---|")) + "---|");
        foreach (var (platform, gate) in results)
        {
            var counts = Severity.All.Select(severity => gate.FoundBySeverity.TryGetValue(severity, out var count) ? count : 0);
            text.AppendLine($"| {platform} | {string.Join(" | ", counts)} | {(gate.Passed ? "passed" : $"FAILED ({gate.Failing.Count})")} |");
        }

        return text.ToString().TrimEnd();
    }
}
