namespace Build.Tests.Support;

/// <summary>The real build program, as build.sh builds and runs it.</summary>
public static class BuildProgram
{
    private static readonly Lazy<string> Built = new(EnsureBuilt);

    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>The program's executable, built on first use.</summary>
    public static string Executable => Built.Value;

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

    /// <summary>Starts the program and kills it with SIGKILL (with its children) at the first output line that <paramref name="killAt"/> matches.</summary>
    public static (bool Killed, string Output) RunAndKill(string workingDirectory, IEnumerable<string> arguments, Func<string, bool> killAt, IDictionary<string, string?>? environment = null)
    {
        var start = new System.Diagnostics.ProcessStartInfo(Built.Value) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDirectory };
        foreach (var argument in arguments.Append("--working=" + workingDirectory))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["NO_COLOR"] = "1";
        start.Environment.Remove("GITHUB_ACTIONS");
        start.Environment.Remove("GITHUB_REF");
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

        using var process = System.Diagnostics.Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = new System.Text.StringBuilder();
        var killed = false;
        while (process.StandardOutput.ReadLine() is { } line)
        {
            output.AppendLine(line);
            if (killAt(line))
            {
                // Kill(entireProcessTree) sends SIGKILL to the program and to the tools it runs.
                process.Kill(entireProcessTree: true);
                killed = true;
                break;
            }
        }

        process.WaitForExit();
        return (killed, output + error.Result);
    }

    private static string EnsureBuilt()
    {
        var result = Support.Run.Process("bash", [System.IO.Path.Combine(RepositoryRoot, "build.sh"), "--version"], RepositoryRoot, timeout: TimeSpan.FromMinutes(10));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException("build.sh could not build the build program: " + result);
        }

        return System.IO.Path.Combine(RepositoryRoot, "build", "bin", "program", "Build");
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "build.sh")) && Directory.Exists(System.IO.Path.Combine(directory.FullName, "build", "Tasks")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Could not find the repository root (build.sh) above " + AppContext.BaseDirectory);
    }
}
