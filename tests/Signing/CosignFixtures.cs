using Build.Tests.Support;

namespace Build.Tests.Signing;

/// <summary>Real cosign / sigstore data under tests/fixtures/cosign (origins in its README.md).</summary>
internal static class CosignFixtures
{
    public static string Directory { get; } = System.IO.Path.Combine(BuildProgram.RepositoryRoot, "tests", "fixtures", "cosign");

    public static string Path(string name) => System.IO.Path.Combine(Directory, name);

    public static string Text(string name) => File.ReadAllText(Path(name));

    public static byte[] Bytes(string name) => File.ReadAllBytes(Path(name));
}
