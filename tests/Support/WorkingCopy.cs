namespace Build.Tests.Support;

/// <summary>
/// A copy of a run's working directory (repository, .git and artifacts/, with times and modes, by cp -a) for a test
/// that tampers with files or runs the program again: the shared fixture it was copied from stays as the run left it,
/// so no test depends on another's order. Deleted on dispose.
/// </summary>
public static class WorkingCopy
{
    public static TempDirectory Of(string directory)
    {
        var copy = new TempDirectory("rdscsi-working-copy");
        var result = Run.Process("cp", ["-a", directory + "/.", copy.Path]);
        if (result.ExitCode != 0)
        {
            copy.Dispose();
            throw new InvalidOperationException($"cp -a {directory} failed: {result}");
        }

        return copy;
    }
}
