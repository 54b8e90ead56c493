using System.Diagnostics;
using System.Text;

namespace Build.Tests.Support;

/// <summary>The real build program running in the background, for tests that signal it (SIGTERM, SIGINT, SIGKILL) mid-run.</summary>
public sealed class RunningProgram : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private RunningProgram(Process process) => _process = process;

    public int Pid => _process.Id;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static RunningProgram Start(string workingDirectory, IEnumerable<string> arguments, IDictionary<string, string?>? environment = null)
    {
        // A program started by a background job of a non-interactive shell (CI scripts, `cmd &`, nohup) inherits SIGINT
        // and SIGQUIT ignored, and .NET keeps a signal ignored at start ignored: the signal tests would then test the
        // shell that started the suite. GNU env's --default-signal restores the default disposition before it execs the
        // program (same PID), so each test controls the signals it sends.
        var start = new ProcessStartInfo("env") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDirectory };
        start.ArgumentList.Add("--default-signal=INT,TERM,QUIT");
        start.ArgumentList.Add(BuildProgram.Executable);
        foreach (var argument in arguments.Append("--working=" + workingDirectory))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["NO_COLOR"] = "1";
        foreach (var key in new[] { "GITHUB_ACTIONS", "GITHUB_REF", "GITHUB_REF_NAME", "CAKE_RELEASE_IMAGE", "CAKE_RELEASE_REHEARSALIMAGE" })
        {
            start.Environment.Remove(key);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }

        var running = new RunningProgram(new Process { StartInfo = start });
        running._process.OutputDataReceived += (_, line) => running.Append(line.Data);
        running._process.ErrorDataReceived += (_, line) => running.Append(line.Data);
        running._process.Start();
        running._process.BeginOutputReadLine();
        running._process.BeginErrorReadLine();
        return running;
    }

    /// <summary>Waits until a line of output matches; false when the program ended or the time ran out first.</summary>
    public bool WaitForLine(Func<string, bool> match, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            if (Output.Split('\n').Any(line => match(line.TrimEnd('\r'))))
            {
                return true;
            }

            if (_process.HasExited)
            {
                return false;
            }

            Thread.Sleep(50);
        }

        return false;
    }

    /// <summary>Sends a signal to the program's own PID only (as a CI cancel or `timeout` does), with the kill command.</summary>
    public void Signal(string name)
    {
        var result = Run.Process("kill", ["-" + name, Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
    }

    /// <summary>The exit code, or null when the program did not end in time.</summary>
    public int? WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            return null;
        }

        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
