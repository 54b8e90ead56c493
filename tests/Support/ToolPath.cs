namespace Build.Tests.Support;

/// <summary>
/// A PATH made of one temp directory holding symlinks to exactly the named tools (found on the test process's PATH), so
/// that what else the machine has installed (trivy, helm, cosign, syft) cannot change a test's outcome. Deleted on dispose.
/// <c>using var path = ToolPath.With("git", "buildah", "skopeo");</c> then pass <c>["PATH"] = path.Value</c> to the program.
/// </summary>
public sealed class ToolPath : IDisposable
{
    private readonly TempDirectory _directory = new("rdscsi-toolpath");

    private ToolPath(IEnumerable<string> tools)
    {
        foreach (var tool in tools.Distinct(StringComparer.Ordinal))
        {
            var target = Find(tool) ?? throw new InvalidOperationException($"'{tool}' is not installed: the test needs it on PATH ({Environment.GetEnvironmentVariable("PATH")}).");
            File.CreateSymbolicLink(_directory.Combine(tool), target);
        }
    }

    /// <summary>The tools every run of the build program needs: a shell and the basics its scripts and tools call.</summary>
    public static readonly IReadOnlyList<string> Basics = ["sh", "bash", "env", "dotnet", "git", "tar", "gzip"];

    /// <summary>The directory, to be the whole of PATH.</summary>
    public string Value => _directory.Path;

    public string Directory => _directory.Path;

    /// <summary>What a release rehearsal calls: buildah builds, skopeo and umoci copy and unpack.</summary>
    public static readonly string[] Release = ["buildah", "skopeo", "umoci"];

    /// <summary>A PATH of <see cref="Basics"/> and <paramref name="tools"/>, nothing else.</summary>
    public static ToolPath With(params string[] tools) => new(Basics.Concat(tools));

    /// <summary>Adds a stand-in executable (a shell script) to this PATH.</summary>
    public string AddScript(string name, string script)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("Stand-in tools are shell scripts; these tests run on Linux and macOS.");
        }

        var file = _directory.Combine(name);
        File.WriteAllText(file, "#!/bin/sh\n" + script);
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        return file;
    }

    public static string? Find(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, tool))
            .FirstOrDefault(candidate => File.Exists(candidate) && !OperatingSystem.IsWindows() && (File.GetUnixFileMode(candidate) & UnixFileMode.UserExecute) != 0);

    public void Dispose() => _directory.Dispose();
}
