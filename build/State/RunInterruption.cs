using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Build.Reporting;
using Cake.Core;

namespace Build.State;

/// <summary>
/// SIGINT (Ctrl+C) and SIGTERM (a CI cancel, <c>timeout</c>): the run stops what it started (the rehearsal registry,
/// every tool process still running under it), saves the state (which already holds each finished task), releases the
/// lock, prints the summary with the interrupted task marked, and exits 130 or 143, as a shell reports a process those
/// signals ended. The interrupted task is not recorded as finished, so a re-run redoes it.
/// </summary>
public sealed class RunInterruption(ReleaseReportPrinter printer) : IDisposable
{
    private readonly CakeReport _finished = new();
    private readonly List<PosixSignalRegistration> _registrations = [];
    private BuildContext? _context;
    private string _running = "Setup";
    private Stopwatch _watch = Stopwatch.StartNew();
    private int _interrupted;

    /// <summary>True once a signal arrived: the main thread then stops at the next task boundary and leaves the rest to the handler.</summary>
    public bool IsInterrupted => Volatile.Read(ref _interrupted) == 1;

    public void Watch(BuildContext context)
    {
        _context = context;
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal));
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal));
    }

    public void TaskStarted(string task)
    {
        HoldIfInterrupted();
        _running = task;
        _watch = Stopwatch.StartNew();
    }

    public void TaskEnded(string task, bool skipped, bool successful, TimeSpan duration)
    {
        HoldIfInterrupted();
        lock (_finished)
        {
            if (skipped)
            {
                _finished.AddSkipped(task, string.Empty);
            }
            else if (successful)
            {
                _finished.Add(task, duration);
            }
            else
            {
                _finished.AddFailed(task, duration);
            }
        }

        _running = "Teardown";
    }

    /// <summary>Keeps the main thread from going on (a killed tool fails its task) while the handler ends the run.</summary>
    public void HoldIfInterrupted()
    {
        if (IsInterrupted)
        {
            Thread.Sleep(Timeout.Infinite);
        }
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
    }

    private void OnSignal(PosixSignalContext signal)
    {
        signal.Cancel = true;
        if (Interlocked.Exchange(ref _interrupted, 1) == 1)
        {
            return;
        }

        var (name, code) = signal.Signal == PosixSignal.SIGINT ? ("SIGINT", 130) : ("SIGTERM", 143);
        try
        {
            Stop(name);
        }
        finally
        {
            Console.Out.Flush();
            Environment.Exit(code);
        }
    }

    private void Stop(string signal)
    {
        var task = _running;
        var elapsed = _watch.Elapsed;
        Console.Out.WriteLine($"{signal}: interrupting {task}; stopping what this run started");
        if (_context is { } context)
        {
            // The tools first, so that they do not retry against a registry that is going away.
            foreach (var child in KillChildren(except: context.Services.StartedRegistry?.Pid))
            {
                Console.Out.WriteLine($"Stopped {child}");
            }

            if (context.Services.StartedRegistry is { } registry)
            {
                registry.Stop();
                Registry.RehearsalRegistry.Forget(context.Options.Layout.Root.FullPath);
                Console.Out.WriteLine($"Stopped the rehearsal registry (PID {registry.Pid})");
            }

            if (context.Services.State.Current is { } state)
            {
                state.Save(context.Services.State.File.FullPath);
            }

            context.Services.Lock?.Dispose();
            context.Services.CloseClients();
        }

        CakeReport report;
        lock (_finished)
        {
            report = new CakeReport();
            foreach (var entry in _finished)
            {
                report.Add(entry.TaskName, entry.SkippedMessage, entry.Category, entry.Duration, entry.ExecutionStatus);
            }
        }

        report.AddFailed(task, elapsed);
        printer.Interrupted = (task, signal);
        printer.Write(report);
        var notRun = _context?.Options.Plan.Names.SkipWhile(planned => !planned.Equals(task, StringComparison.OrdinalIgnoreCase)).Skip(1).ToList() ?? [];
        Console.Out.WriteLine($"Interrupted by {signal} during {task}{(notRun.Count > 0 ? "; not run: " + string.Join(", ", notRun) : string.Empty)}. Run again to continue: the finished tasks are recorded.");
    }

    /// <summary>Every process this one started that still runs (a tool, sbom-tool under dotnet), ended with its own children, by PID.</summary>
    private static List<string> KillChildren(int? except)
    {
        var stopped = new List<string>();
        if (!OperatingSystem.IsLinux())
        {
            return stopped;
        }

        var self = Environment.ProcessId;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || ParentOf(pid) != self || pid == except)
            {
                continue;
            }

            try
            {
                using var child = Process.GetProcessById(pid);
                var name = child.ProcessName;
                child.Kill(entireProcessTree: true);
                stopped.Add($"{name} (PID {pid})");
            }
            catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // It ended meanwhile.
            }
        }

        return stopped;
    }

    private static int? ParentOf(int pid)
    {
        try
        {
            // /proc/PID/stat: "pid (comm) state ppid ..."; comm may hold spaces and parentheses, so read after the last ')'.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1], CultureInfo.InvariantCulture);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }
}
