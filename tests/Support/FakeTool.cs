using Cake.Core;

namespace Build.Tests.Support;

/// <summary>
/// A stand-in for a tool that cannot be installed here: a shell script on a PATH of its own, so the real runner, Cake's
/// tool resolution and a real process are exercised. Tests that use it say "Fake" in their names.
/// </summary>
public sealed class FakeTool : IDisposable
{
    private readonly TempDirectory _bin = new("rdscsi-fake-tool");

    public FakeTool(string name, string script)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("Fake tools are shell scripts; these tests run on Linux and macOS.");
        }

        var path = _bin.Write(name, "#!/bin/sh\n" + script);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public string Directory => _bin.Path;

    /// <summary>A Cake context whose PATH holds only the fake tool.</summary>
    public ICakeContext Context(string workingDirectory, RecordingLog? log = null) =>
        CakeContexts.Create(workingDirectory, environment: new Dictionary<string, string?> { ["PATH"] = _bin.Path }, log: log);

    /// <summary>A Cake context whose PATH is an empty directory: no tool can be found.</summary>
    public static ICakeContext ContextWithoutTools(TempDirectory emptyPath) =>
        CakeContexts.Create(emptyPath.Path, environment: new Dictionary<string, string?> { ["PATH"] = emptyPath.Path });

    public void Dispose() => _bin.Dispose();
}
