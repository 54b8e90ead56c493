using System.Text.RegularExpressions;
using Build.Tests.Support;

namespace Build.Tests.EndToEnd;

/// <summary>What the real program writes where nobody sees colours: a pipe or file, or a terminal with NO_COLOR set.</summary>
public sealed partial class ConsoleOutputTests
{
    [GeneratedRegex(@"\x1b\[[0-9;]*m")]
    private static partial Regex Colour();

    private GitRepository _repo = null!;

    [SetUp]
    public void SetUp() => _repo = ReleaseRepository.Create("cake.config");

    [TearDown]
    public void TearDown() => _repo.Dispose();

    [Test]
    public void Output_to_a_pipe_has_no_escape_codes_and_ASCII_headers_without_NO_COLOR()
    {
        var result = BuildProgram.Run(_repo.Path, ["--target=Version"], new Dictionary<string, string?> { ["NO_COLOR"] = null });

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.All, Does.Not.Contain("\x1b"));
        Assert.That(result.Output, Does.Contain("\n-- Version ---").And.Not.Contain("─"));
    }

    [Test]
    public void A_terminal_with_NO_COLOR_gets_no_colours_and_ASCII_headers_and_one_without_it_gets_both()
    {
        var command = $"'{BuildProgram.Executable}' --target=Version '--working={_repo.Path}'";
        var plain = Run.Process("script", ["-qec", "NO_COLOR=1 " + command, "/dev/null"], _repo.Path, new Dictionary<string, string?> { ["NO_COLOR"] = null, ["TERM"] = "xterm" });
        var coloured = Run.Process("script", ["-qec", command, "/dev/null"], _repo.Path, new Dictionary<string, string?> { ["NO_COLOR"] = null, ["TERM"] = "xterm" });

        Assert.That(plain.ExitCode, Is.EqualTo(0), plain.ToString());
        Assert.That(Colour().IsMatch(plain.Output), Is.False, plain.Output);
        Assert.That(plain.Output, Does.Contain("-- Version ---"));
        Assert.That(coloured.ExitCode, Is.EqualTo(0), coloured.ToString());
        Assert.That(Colour().IsMatch(coloured.Output), Is.True, "on a terminal without NO_COLOR the colours stay");
        Assert.That(coloured.Output, Does.Contain("── Version ──"));
    }

    [Test]
    public void GitHub_Actions_keeps_its_colours_although_its_output_is_a_pipe()
    {
        var result = BuildProgram.Run(_repo.Path, ["--target=Version"], new Dictionary<string, string?> { ["NO_COLOR"] = null, ["GITHUB_ACTIONS"] = "true" });

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(Colour().IsMatch(result.Output), Is.True, result.Output);
        Assert.That(result.Output, Does.Contain("::group::Version"));
    }
}
