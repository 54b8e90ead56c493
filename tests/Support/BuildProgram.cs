namespace Build.Tests.Support;

/// <summary>The real build program, as build.sh builds and runs it.</summary>
public static class BuildProgram
{
    private static readonly Lazy<string> Built = new(EnsureBuilt);

    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>Runs the program with <paramref name="arguments"/> in <paramref name="workingDirectory"/> (passed as --working).</summary>
    public static ProcessResult Run(string workingDirectory, IEnumerable<string> arguments, IDictionary<string, string?>? environment = null, TimeSpan? timeout = null)
    {
        var env = new Dictionary<string, string?>
        {
            // A developer's or CI's own GitHub Actions variables must not turn a test into a publish run.
            ["GITHUB_ACTIONS"] = null,
            ["GITHUB_REF"] = null,
            ["GITHUB_REF_NAME"] = null,
            ["CAKE_RELEASE_IMAGE"] = null,
            ["CAKE_RELEASE_REHEARSALIMAGE"] = null,
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            env[key] = value;
        }

        return Support.Run.Process(Built.Value, [.. arguments, "--working=" + workingDirectory], workingDirectory, env, timeout);
    }

    private static string EnsureBuilt()
    {
        var result = Support.Run.Process("bash", [Path.Combine(RepositoryRoot, "build.sh"), "--version"], RepositoryRoot, timeout: TimeSpan.FromMinutes(10));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException("build.sh could not build the build program: " + result);
        }

        return Path.Combine(RepositoryRoot, "build", "bin", "program", "Build");
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "build.sh")) && Directory.Exists(Path.Combine(directory.FullName, "build", "Tasks")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Could not find the repository root (build.sh) above " + AppContext.BaseDirectory);
    }
}
