using System.Globalization;
using Cake.Core;
using Cake.Core.Diagnostics;

namespace Build.Reporting;

/// <summary>
/// In GitHub Actions, warnings and errors are written as annotations (listed on the run's page), and the error that
/// reports a failed task is titled with its name (<c>::error title=Push failed::...</c>). Every other line, and every
/// line outside Actions, goes to the inner log unchanged. It sits inside <see cref="Diagnostics.MaskingLog"/>: what it
/// writes is masked already.
/// </summary>
public sealed class WorkflowCommandLog(ICakeLog inner, IConsole console, bool inActions) : ICakeLog
{
    /// <summary>The Cake engine's notice that a task threw: the task's own error follows and is the annotation, so the notice stays a plain line.</summary>
    public const string EngineTaskFailureNotice = "An error occurred when executing task '{0}'.";

    /// <summary>How the host reports the error that ended the run (Cake's exception logger).</summary>
    private const string HostErrorPrefix = "Error: ";

    private string? _failedTask;

    public Verbosity Verbosity
    {
        get => inner.Verbosity;
        set => inner.Verbosity = value;
    }

    /// <summary>Names the task whose error is reported next (the task lifetime calls it when a task threw).</summary>
    public void TaskFailed(string task) => _failedTask = task;

    public void Write(Verbosity verbosity, LogLevel level, string format, params object[] args)
    {
        if (!inActions || level > LogLevel.Warning || format == EngineTaskFailureNotice || verbosity > inner.Verbosity)
        {
            inner.Write(verbosity, level, format, args);
            return;
        }

        var text = Format(format, args);
        if (level == LogLevel.Warning)
        {
            console.WriteLine("{0}", WorkflowCommands.Warning(text));
            return;
        }

        if (_failedTask is { } task)
        {
            _failedTask = null;
            console.WriteLine("{0}", WorkflowCommands.Error(text.StartsWith(HostErrorPrefix, StringComparison.Ordinal) ? text[HostErrorPrefix.Length..] : text, task + " failed"));
            return;
        }

        console.WriteLine("{0}", WorkflowCommands.Error(text));
    }

    /// <summary>As Cake's log formats: a format is a format even without arguments, unless it is not a valid one.</summary>
    private static string Format(string format, object[] args)
    {
        try
        {
            return string.Format(CultureInfo.InvariantCulture, format, args);
        }
        catch (FormatException)
        {
            return format;
        }
    }
}
