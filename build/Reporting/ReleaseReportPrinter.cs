using System.Globalization;
using System.Reflection;
using System.Text;
using Build.Releasing;
using Cake.Core;
using Cake.Core.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Build.Reporting;

/// <summary>
/// What a run shows around its tasks: a header per task (a collapsible group in GitHub Actions), and at the end a table
/// of every task with its status (ran, skipped and why, failed) and duration, followed by the facts of the release:
/// version, tags, digests, how it was signed and how to verify it. In Actions the same goes to the job summary, and
/// version, digest and tags become step outputs. Plain text: fast to print, readable in any log.
/// </summary>
public sealed class ReleaseReportPrinter(IConsole console, ICakeLog log, IServiceProvider services, bool inActions) : ICakeReportPrinter
{
    private bool _groupOpen;

    /// <summary>The task a signal interrupted, marked so in the summary (set by <see cref="State.RunInterruption"/>).</summary>
    public (string Task, string Signal)? Interrupted { get; set; }

    public void WriteStep(string name, Verbosity verbosity) => Header(name, verbosity);

    public void WriteLifeCycleStep(string name, Verbosity verbosity) => Header(name, verbosity);

    public void WriteSkippedStep(string name, Verbosity verbosity)
    {
    }

    public void Write(CakeReport report)
    {
        EndGroup();
        if (report.IsEmpty || log.Verbosity < Verbosity.Minimal)
        {
            return;
        }

        var reasons = SkipReasons();
        var rows = report.Select(entry => (
            Task: entry.TaskName,
            Status: entry.ExecutionStatus switch
            {
                CakeTaskExecutionStatus.Skipped => "skipped: " + (reasons.TryGetValue(entry.TaskName, out var reason) && reason.Length > 0 ? reason : "its criteria were not met"),
                CakeTaskExecutionStatus.Failed when Interrupted is { } interrupted && interrupted.Task == entry.TaskName => $"INTERRUPTED ({interrupted.Signal})",
                CakeTaskExecutionStatus.Failed => "FAILED",
                CakeTaskExecutionStatus.Delegated => "ran (no body)",
                _ => "ran",
            },
            Duration: entry.ExecutionStatus == CakeTaskExecutionStatus.Skipped ? "-" : Seconds(entry.Duration))).ToList();
        var total = Seconds(TimeSpan.FromTicks(report.Sum(entry => entry.Duration.Ticks)));

        var width = Math.Max(4, rows.Max(row => row.Task.Length));
        var text = new StringBuilder().AppendLine();
        text.AppendLine($"{"Task".PadRight(width)}  {"Duration",8}  Status");
        text.AppendLine($"{new string('-', width)}  --------  {new string('-', 40)}");
        foreach (var row in rows)
        {
            text.AppendLine($"{row.Task.PadRight(width)}  {row.Duration,8}  {row.Status}");
        }

        text.AppendLine($"{"Total".PadRight(width)}  {total,8}");
        var facts = Facts();
        if (facts is not null)
        {
            text.AppendLine().Append(facts.Text());
        }

        console.WriteLine("{0}", text.ToString());
        if (inActions && Context() is { } context)
        {
            WriteToActions(context, rows, total, facts);
        }
    }

    private void Header(string name, Verbosity verbosity)
    {
        if (inActions)
        {
            EndGroup();
            console.WriteLine("{0}", WorkflowCommands.Group(name));
            _groupOpen = true;
            return;
        }

        if (verbosity >= Verbosity.Normal)
        {
            console.WriteLine(string.Empty);
            var rule = console is PlainConsole ? '-' : '─';
            console.WriteLine("{0}", $"{rule}{rule} {name} " + new string(rule, Math.Max(3, 76 - name.Length)));
        }
    }

    /// <summary>Ends the open log group in Actions, so that what is logged between tasks (a skip and its reason) stays in view.</summary>
    public void EndGroup()
    {
        if (_groupOpen)
        {
            console.WriteLine("{0}", WorkflowCommands.EndGroup);
            _groupOpen = false;
        }
    }

    private BuildContext? Context()
    {
        try
        {
            return services.GetService<IFrostingContext>() as BuildContext;
        }
        catch (Configuration.BuildConfigurationException)
        {
            return null;
        }
    }

    private ReleaseFacts? Facts() => Context() is { VersionOrNull: not null } context ? ReleaseFacts.Of(context) : null;

    /// <summary>Each task's reason for being skipped, as the task said it when it was skipped.</summary>
    private Dictionary<string, string> SkipReasons() =>
        services.GetServices<IFrostingTask>().ToDictionary(
            task => task.GetType().GetCustomAttribute<TaskNameAttribute>()?.Name ?? task.GetType().Name,
            task => task.SkippedMessage,
            StringComparer.OrdinalIgnoreCase);

    private static void WriteToActions(BuildContext context, List<(string Task, string Status, string Duration)> rows, string total, ReleaseFacts? facts)
    {
        var actions = GitHubActionsWriter.For(context);
        var markdown = new StringBuilder();
        markdown.AppendLine($"## {(facts is null ? "Build" : $"Release {facts.Version}")} ({context.Options.Mode.ToString().ToLowerInvariant()})").AppendLine();
        markdown.AppendLine("| Task | Duration | Status |").AppendLine("|---|---|---|");
        foreach (var row in rows)
        {
            markdown.AppendLine($"| {row.Task} | {row.Duration} | {row.Status.Replace("|", "\\|", StringComparison.Ordinal)} |");
        }

        markdown.AppendLine($"| **Total** | {total} | |");
        if (facts is not null)
        {
            markdown.AppendLine().Append(facts.Markdown());
            actions.SetOutput("version", facts.Version);
            // One tag a line, as docker/metadata-action's tags output.
            actions.SetOutput("tags", string.Join("\n", facts.Tags));
            if (facts.Digest is not null)
            {
                actions.SetOutput("digest", facts.Digest);
            }
        }

        actions.AppendSummary(markdown.ToString());
    }

    private static string Seconds(TimeSpan duration) => duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";
}
