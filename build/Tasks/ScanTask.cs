using Build.Artifacts;
using Build.Preflight;
using Build.Reporting;
using Build.Scanning;
using Build.Tools.Trivy;
using Cake.Common.Diagnostics;

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
        var scan = new ImageScan(context).Scan(pushed, DateOnly.FromDateTime(DateTime.UtcNow));
        context.Results.Artifacts.Add(new Artifact(ArtifactKind.ScanReport, scan.Sarif.GetFilename().FullPath, scan.Sarif, pushed.IndexDigest));
        foreach (var (_, digest, report, _) in scan.Platforms)
        {
            context.Results.Artifacts.Add(new Artifact(ArtifactKind.ScanReport, report.GetFilename().FullPath, report, digest));
        }

        context.Results.ScanResults.Set(scan.Summaries);
        var table = scan.SummaryTable();
        context.Information("{0}", table);
        GitHubActionsWriter.For(context).AppendSummary("### Vulnerability scan (trivy)\n\n" + table);
        scan.ThrowIfFailed();
        context.Information("The vulnerability gate passed ({0})", scan.Policy);
    }
}
