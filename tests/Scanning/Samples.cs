using Build.Tests.Support;

namespace Build.Tests.Scanning;

/// <summary>The real tool output under tests/fixtures/samples (see the README there for where each file comes from).</summary>
public static class Samples
{
    public static string Path(string relative) =>
        System.IO.Path.Combine(BuildProgram.RepositoryRoot, "tests", "fixtures", "samples", relative);

    public static string Read(string relative) => File.ReadAllText(Path(relative));
}
