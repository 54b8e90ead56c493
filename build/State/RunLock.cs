using System.Reflection;
using Build.Configuration;

namespace Build.State;

/// <summary>
/// One release at a time per working directory: an exclusive lock on artifacts/.lock for the whole run. The operating
/// system drops it when the process ends, however it ends (a killed run leaves no stale lock). Only runs that write
/// release state take it (<see cref="IsNeededBy"/>): checks that only read (Lint, CheckDeploy) run beside them.
/// </summary>
public sealed class RunLock : IDisposable
{
    private readonly FileStream _stream;

    private RunLock(FileStream stream) => _stream = stream;

    /// <summary>Whether a run of these tasks writes release state (any task not marked <see cref="WritesNoReleaseStateAttribute"/>).</summary>
    public static bool IsNeededBy(IEnumerable<string> plannedTasks)
    {
        var readOnly = ReadOnlyTasks();
        return plannedTasks.Any(task => !readOnly.Contains(task));
    }

    // Computed when asked (once per run), not in a static initializer: Stryker cannot trace one to the tests that read it.
    private static HashSet<string> ReadOnlyTasks() => typeof(RunLock).Assembly.GetTypes()
        .Where(type => type.GetCustomAttribute<WritesNoReleaseStateAttribute>() is not null)
        .Select(type => type.GetCustomAttribute<TaskNameAttribute>()?.Name ?? type.Name)
        .ToHashSet(StringComparer.OrdinalIgnoreCase);

    public static RunLock Acquire(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            var owner = TryRead(OwnerFile(path));
            throw new BuildConfigurationException(
                $"Another build is running in this working directory (it holds {path}{(owner is null ? string.Empty : $"; process and start: {owner}")}): wait for it to finish. Two releases at once would push and sign over each other.");
        }

        // Who holds the lock goes beside it, not in it: .NET reads a file under a shared lock, which the exclusive one refuses.
        File.WriteAllText(OwnerFile(path), $"{Environment.ProcessId} {DateTimeOffset.UtcNow:O}\n");
        return new RunLock(stream);
    }

    /// <summary>The file naming the process that holds the lock at <paramref name="path"/> and when it took it.</summary>
    public static string OwnerFile(string path) => path + ".owner";

    public void Dispose() => _stream.Dispose();

    private static string? TryRead(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            return new StreamReader(stream).ReadToEnd().Trim();
        }
        catch (IOException)
        {
            return null;
        }
    }
}
