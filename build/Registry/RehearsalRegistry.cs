using System.Globalization;

namespace Build.Registry;

/// <summary>
/// The rehearsal registry belongs to its working directory: its port (when the rehearsal image asks for port 0, "a free
/// one") is chosen once and remembered in artifacts/registry.port, and the registry a run starts is recorded in
/// artifacts/registry.pid, so that a re-run finds its own registry and digests, a run killed before it could stop its
/// registry has that orphan stopped by the next run (by its PID, after checking that it serves this working directory's
/// storage), and a registry some other clone or person started is never stopped, nor used without saying so.
/// </summary>
public static class RehearsalRegistry
{
    public const string PortFileName = "registry.port";
    public const string PidFileName = "registry.pid";

    /// <summary>
    /// The port recorded for this working directory, unless something else took it meanwhile (another clone's registry):
    /// then, as the first time, a free loopback port (recorded when a registry is started on it).
    /// </summary>
    public static int PortFor(string artifacts)
    {
        var file = Path.Combine(artifacts, PortFileName);
        var recorded = File.Exists(file) && int.TryParse(File.ReadAllText(file).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535
            ? port
            : (int?)null;
        return recorded is { } mine && (Orphan(artifacts) is not null || !LocalRegistry.IsListening("127.0.0.1", mine)) ? mine : LocalRegistry.FreeLoopbackPort();
    }

    /// <summary>Records the registry a run started (its port and PID), so that later runs know it for this working directory's own.</summary>
    public static void Record(string artifacts, LocalRegistry registry)
    {
        Directory.CreateDirectory(artifacts);
        File.WriteAllText(Path.Combine(artifacts, PortFileName), registry.Port.ToString(CultureInfo.InvariantCulture) + "\n");
        File.WriteAllText(Path.Combine(artifacts, PidFileName), registry.Pid.ToString(CultureInfo.InvariantCulture) + "\n");
    }

    /// <summary>Forgets the recorded PID once the registry is stopped (the port stays this working directory's).</summary>
    public static void Forget(string artifacts) => File.Delete(Path.Combine(artifacts, PidFileName));

    /// <summary>
    /// The PID of a registry that a run in this working directory started and that still runs (a killed run's orphan),
    /// or null. It counts only when the process still is docker-registry serving this working directory's registry.yml.
    /// </summary>
    public static int? Orphan(string artifacts)
    {
        var file = Path.Combine(artifacts, PidFileName);
        if (!File.Exists(file) || !int.TryParse(File.ReadAllText(file).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
        {
            return null;
        }

        var config = Path.GetFullPath(Path.Combine(artifacts, "registry", LocalRegistry.ConfigFileName));
        try
        {
            var arguments = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0');
            return arguments.Any(argument => argument.EndsWith(LocalRegistry.Executable, StringComparison.Ordinal)) && arguments.Contains(config) ? pid : null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Stops the orphan <see cref="Orphan"/> found, by its PID, and forgets it.</summary>
    public static void StopOrphan(string artifacts, int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            process.Kill();
            process.WaitForExit(TimeSpan.FromSeconds(10));
        }
        catch (ArgumentException)
        {
            // It ended on its own meanwhile.
        }

        Forget(artifacts);
    }
}
