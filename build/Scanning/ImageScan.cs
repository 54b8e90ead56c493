using System.Text;
using Build.Configuration;
using Build.Images;
using Build.Tools.Trivy;
using Cake.Common.Diagnostics;
using Cake.Core.IO;

namespace Build.Scanning;

/// <summary>What a scan found: each platform's gate and report, and the SARIF report of the index.</summary>
public sealed record ScanOutcome(FilePath Sarif, IReadOnlyList<(Platform Platform, string Digest, FilePath Report, GateResult Gate)> Platforms, ScanSettings Settings)
{
    /// <summary>One line per platform ("linux/amd64: 0 vulnerabilities ..."), for the run's summary.</summary>
    public IReadOnlyList<string> Summaries => Platforms.Select(result => $"{result.Platform}: {result.Gate.Summary}").ToList();

    /// <summary>What the gate fails on, for its messages ("fails on CRITICAL, unfixed ignored").</summary>
    public string Policy => $"fails on {string.Join(", ", Settings.FailOn)}{(Settings.IgnoreUnfixed ? ", unfixed ignored" : string.Empty)}";

    /// <summary>Counts by severity, one row per platform, as a Markdown table (readable in the log and the job summary).</summary>
    public string SummaryTable()
    {
        var text = new StringBuilder();
        text.AppendLine("| Platform | " + string.Join(" | ", Severity.All) + " | Gate |");
        text.AppendLine("|---|" + string.Concat(Severity.All.Select(_ => "---|")) + "---|");
        foreach (var (platform, _, _, gate) in Platforms)
        {
            var counts = Severity.All.Select(severity => gate.FoundBySeverity.TryGetValue(severity, out var count) ? count : 0);
            text.AppendLine($"| {platform} | {string.Join(" | ", counts)} | {(gate.Passed ? "passed" : $"FAILED ({gate.Failing.Count})")} |");
        }

        return text.ToString().TrimEnd();
    }

    /// <summary>Throws, listing every finding at or above the threshold and what would fix it, when a platform fails the gate.</summary>
    public void ThrowIfFailed()
    {
        var failing = Platforms.Where(result => !result.Gate.Passed).ToList();
        if (failing.Count > 0)
        {
            var lines = failing.SelectMany(result => result.Gate.FailureLines.Select(line => $"  {result.Platform}: {line}"));
            throw new InvalidOperationException(
                $"The vulnerability gate failed ({Policy}):{Environment.NewLine}{string.Join(Environment.NewLine, lines)}{Environment.NewLine}" +
                $"Fix them (update the base image or dependencies), or accept one with a justified entry in {Settings.IgnoreFile.GetFilename()}.");
        }
    }
}

/// <summary>
/// Scans the pushed image with trivy: a SARIF report of the index (CRITICAL and HIGH, for code scanning) and a JSON report
/// per platform that the gate reads, with the [Scan] settings and the accepted exceptions of the ignore file.
/// </summary>
public sealed class ImageScan(BuildContext context)
{
    public ScanOutcome Scan(PushedImage pushed, DateOnly today)
    {
        var settings = context.Options.ScanSettings;
        var layout = context.Options.Layout;
        Directory.CreateDirectory(layout.Scan.FullPath);
        var ignore = TrivyIgnoreFile.Load(settings.IgnoreFile.FullPath);
        foreach (var expired in ignore.Expired(today))
        {
            context.Warning("{0}:{1}: the exception for {2} expired on {3:yyyy-MM-dd}; it counts again", settings.IgnoreFile.GetFilename(), expired.Line, expired.Id, expired.ExpiresOn);
        }

        context.TrivyImage(pushed.Reference, Settings(pushed.Repository, TrivyFormat.Sarif, layout.ScanSarif, ScanSettings.ReportedSeverities));
        var platforms = new List<(Platform, string, FilePath, GateResult)>();
        foreach (var (platform, digest) in pushed.PlatformDigests)
        {
            var json = layout.ScanJson(platform);
            context.TrivyImage(pushed.Repository.WithDigest(digest), Settings(pushed.Repository, TrivyFormat.Json, json, []));
            var gate = VulnerabilityGate.Evaluate(TrivyReport.Load(json.FullPath), settings.FailOn, settings.IgnoreUnfixed, ignore.ActiveIds(today));
            context.Information("Scanned {0}: {1}", platform, gate.Summary);
            platforms.Add((platform, digest, json, gate));
        }

        return new ScanOutcome(layout.ScanSarif, platforms, settings);
    }

    private TrivyImageSettings Settings(ImageName repository, TrivyFormat format, FilePath output, IReadOnlyList<string> severities)
    {
        var scan = context.Options.ScanSettings;
        var settings = new TrivyImageSettings
        {
            Format = format,
            Output = output,
            IgnoreUnfixed = scan.IgnoreUnfixed,
            IgnoreFile = context.FileSystem.Exist(scan.IgnoreFile) ? scan.IgnoreFile : null,
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
}
