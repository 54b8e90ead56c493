using System.Globalization;
using Build.Reporting;
using Cake.Core;
using Cake.Core.Diagnostics;

namespace Build;

/// <summary>
/// After each task: at --verbosity=minimal, one line per task (what became of it and how long it took); in GitHub
/// Actions, the end of the task's log group, and a failed task's name for the error annotation that reports it.
/// </summary>
public sealed class BuildTaskLifetime(ReleaseReportPrinter printer, WorkflowCommandLog annotations, State.RunInterruption interruption) : FrostingTaskLifetime<BuildContext>
{
    public override void Setup(BuildContext context, ITaskSetupContext info) => interruption.TaskStarted(info.Task.Name);

    public override void Teardown(BuildContext context, ITaskTeardownContext info)
    {
        interruption.TaskEnded(info.Task.Name, info.Skipped, info.Successful, info.Duration);
        printer.EndGroup();
        if (!info.Skipped && !info.Successful)
        {
            annotations.TaskFailed(info.Task.Name);
        }

        if (context.Log.Verbosity != Verbosity.Minimal)
        {
            return;
        }

        var status = info.Skipped ? "skipped" : info.Successful ? "done" : "FAILED";
        context.Log.Write(Verbosity.Minimal, LogLevel.Information, "{0,-12} {1,-8} {2} s", info.Task.Name, status, info.Duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture));
    }
}
