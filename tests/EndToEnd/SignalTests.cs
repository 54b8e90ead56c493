using System.Text.Json;
using System.Text.RegularExpressions;
using Build.Registry;
using Build.Tests.Support;

namespace Build.Tests.EndToEnd;

/// <summary>
/// The real program, rehearsing with the registry it starts itself, signalled on its own PID as a CI cancel or `timeout`
/// does (SIGTERM), as Ctrl+C does (SIGINT), or killed (SIGKILL, which no program can handle): what it started must not
/// outlive it, and a registry is never shared between working directories nor reused unannounced.
/// </summary>
[NonParallelizable]
public sealed partial class SignalTests
{
    private static readonly TimeSpan LongEnough = TimeSpan.FromMinutes(5);

    [Test]
    public void SIGTERM_during_Push_stops_the_registry_saves_the_state_releases_the_lock_and_exits_143()
    {
        using var repo = ReleaseRepository.Create();
        repo.Tag("v1.6.0");
        var artifacts = Path.Combine(repo.Path, "artifacts");

        int? code;
        string output;
        using (var program = RunningProgram.Start(repo.Path, ["--target=Release"]))
        {
            Assert.That(program.WaitForLine(line => line.StartsWith("Pushing ", StringComparison.Ordinal), LongEnough), Is.True, program.Output);
            program.Signal("TERM");
            code = program.WaitForExit(TimeSpan.FromMinutes(1));
            output = program.Output;
        }

        var (port, registryPid) = StartedRegistry(output);
        Assert.That(code, Is.EqualTo(143), output);
        Assert.That(output, Does.Match(@"(?m)^Push\s+\S+ s\s+INTERRUPTED \(SIGTERM\)$"), "the summary marks the interrupted task");
        Assert.That(output, Does.Contain("Interrupted by SIGTERM during Push; not run: Sign, Sbom, Scan, HelmPackage, Binaries, Publish, HelmIndex, Announce, Release."));
        Assert.That(IsRunning(registryPid), Is.False, $"the registry (PID {registryPid}) is stopped");
        Assert.That(ServersOf(artifacts), Is.Empty, "no registry serves this working directory's storage");
        Assert.That(File.Exists(Path.Combine(artifacts, RehearsalRegistry.PidFileName)), Is.False);
        using (new FileStream(Path.Combine(artifacts, ".lock"), FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            // The lock can be taken: the interrupted run let go of it.
        }

        using (var state = JsonDocument.Parse(File.ReadAllText(Path.Combine(artifacts, "release-state.json"))))
        {
            var completed = state.RootElement.GetProperty("completedTasks").EnumerateArray().Select(task => task.GetString()).ToList();
            Assert.That(completed, Does.Contain("Version").And.Not.Contain("Push"), "the interrupted task is not recorded as done");
        }

        var rerun = BuildProgram.Run(repo.Path, ["--target=Release"], timeout: TimeSpan.FromMinutes(10));
        Assert.That(rerun.ExitCode, Is.EqualTo(0), rerun.ToString());
        Assert.That(StartedRegistry(rerun.Output).Port, Is.EqualTo(port), "the re-run finds its own registry (port remembered in artifacts/registry.port)");
        Assert.That(rerun.Output, Does.Not.Contain("left running"));
        Assert.That(rerun.Output, Does.Contain("Released 1.6.0: 127.0.0.1:" + port + "/3whiskeywhiskey/rds-csi@"));
    }

    [Test]
    public void SIGINT_during_Build_stops_the_registry_and_exits_130()
    {
        using var repo = ReleaseRepository.Create();
        repo.Tag("v1.7.0");

        int? code;
        string output;
        using (var program = RunningProgram.Start(repo.Path, ["--target=Release"]))
        {
            Assert.That(program.WaitForLine(line => line.StartsWith("Building ", StringComparison.Ordinal), LongEnough), Is.True, program.Output);
            program.Signal("INT");
            code = program.WaitForExit(TimeSpan.FromMinutes(1));
            output = program.Output;
        }

        Assert.That(code, Is.EqualTo(130), output);
        Assert.That(output, Does.Match(@"(?m)^Build\s+\S+ s\s+INTERRUPTED \(SIGINT\)$"));
        Assert.That(IsRunning(StartedRegistry(output).Pid), Is.False);
        Assert.That(ServersOf(Path.Combine(repo.Path, "artifacts")), Is.Empty);
        Assert.That(ChildrenLeft(output), Is.Empty, "no buildah or other tool it started is left");
    }

    [Test]
    public void A_killed_runs_registry_is_stopped_by_its_own_working_directory_and_by_no_other()
    {
        using var first = ReleaseRepository.Create();
        using var second = ReleaseRepository.Create();
        int port;
        int orphan;
        using (var program = RunningProgram.Start(first.Path, ["--target=Push"]))
        {
            Assert.That(program.WaitForLine(line => line.StartsWith("Pushing ", StringComparison.Ordinal), LongEnough), Is.True, program.Output);
            program.Signal("KILL");
            program.WaitForExit(TimeSpan.FromMinutes(1));
            (port, orphan) = StartedRegistry(program.Output);
        }

        try
        {
            Assert.That(IsRunning(orphan), Is.True, "SIGKILL cannot be handled: the registry outlives the program");

            var other = BuildProgram.Run(second.Path, ["--target=Push"], timeout: TimeSpan.FromMinutes(10));
            Assert.That(other.ExitCode, Is.EqualTo(0), other.ToString());
            Assert.That(StartedRegistry(other.Output).Port, Is.Not.EqualTo(port), "another clone gets a registry of its own");
            Assert.That(IsRunning(orphan) && LocalRegistry.IsListening("127.0.0.1", port), Is.True, "another clone never stops this one's registry");

            var rerun = BuildProgram.Run(first.Path, ["--target=Push"], timeout: TimeSpan.FromMinutes(10));
            Assert.That(rerun.ExitCode, Is.EqualTo(0), rerun.ToString());
            Assert.That(rerun.Output, Does.Contain($"Stopped the rehearsal registry (PID {orphan}) that an interrupted run in this working directory left running"));
            Assert.That(IsRunning(orphan), Is.False);
            Assert.That(StartedRegistry(rerun.Output).Port, Is.EqualTo(port));
        }
        finally
        {
            if (IsRunning(orphan))
            {
                using var process = System.Diagnostics.Process.GetProcessById(orphan);
                process.Kill();
            }
        }
    }

    private static (int Port, int Pid) StartedRegistry(string output)
    {
        var match = StartedLine().Match(output);
        Assert.That(match.Success, Is.True, "the run says which registry it started:\n" + output);
        return (int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Alive and not a zombie waiting to be reaped.</summary>
    private static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>The PIDs of docker-registry processes serving <paramref name="artifacts"/>/registry/registry.yml, read from /proc.</summary>
    private static List<int> ServersOf(string artifacts)
    {
        var config = Path.Combine(artifacts, "registry", LocalRegistry.ConfigFileName);
        var servers = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid) && IsRunning(pid))
            {
                try
                {
                    if (File.ReadAllText(Path.Combine(directory, "cmdline")).Split('\0').Contains(config))
                    {
                        servers.Add(pid);
                    }
                }
                catch (IOException)
                {
                    // It ended meanwhile.
                }
            }
        }

        return servers;
    }

    /// <summary>The "Stopped NAME (PID N)" lines of the handler whose process still runs.</summary>
    private static List<int> ChildrenLeft(string output) =>
        StoppedLine().Matches(output).Select(match => int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).Where(IsRunning).ToList();

    [GeneratedRegex(@"Started a rehearsal registry at 127\.0\.0\.1:(\d+) \(PID (\d+)")]
    private static partial Regex StartedLine();

    [GeneratedRegex(@"(?m)^Stopped \S+ \(PID (\d+)\)$")]
    private static partial Regex StoppedLine();
}
