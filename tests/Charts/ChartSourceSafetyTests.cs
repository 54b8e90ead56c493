using System.Text.RegularExpressions;
using Build.Charts;
using Build.Releasing;
using Build.Tests.Support;

namespace Build.Tests.Charts;

/// <summary>Hostile charts against the native packager: links out of the chart, a .helmignore that drops every template, a glob built to backtrack.</summary>
public sealed class ChartSourceSafetyTests
{
    private static readonly DateTimeOffset CommitTime = new(2026, 3, 14, 15, 9, 26, TimeSpan.Zero);

    [Test]
    public void A_chart_with_a_link_to_proc_self_environ_is_not_packaged()
    {
        using var work = new TempDirectory();
        var chart = ChartFixtures.CopySampleChart(work.Path);
        var link = Path.Combine(chart, "environ");
        File.CreateSymbolicLink(link, "/proc/self/environ");

        var error = Assert.Throws<SourceFileException>(() => ChartPackager.Package(chart, work.Combine("out"), CommitTime))!;

        Assert.That(error.Message, Does.Contain(link).And.Contain("/proc/self/environ"));
        Assert.That(Directory.Exists(work.Combine("out")), Is.False, "nothing is written");
    }

    [Test]
    public void A_link_inside_the_chart_is_packed_as_its_target_as_helm_does()
    {
        using var work = new TempDirectory();
        var chart = ChartFixtures.CopySampleChart(work.Path);
        File.CreateSymbolicLink(Path.Combine(chart, "files", "again.md"), "../README.md");

        var package = ChartPackager.Package(chart, work.Combine("out"), CommitTime);

        // Read back with the tar command: a regular file whose bytes are README.md's.
        var listing = Run.Process("tar", ["-tvzf", package.Path]);
        Assert.That(listing.Output, Does.Match(@"(?m)^-rw-r--r-- .* rds-csi-sample/files/again\.md$"));
        var content = Run.Process("tar", ["-xzOf", package.Path, "rds-csi-sample/files/again.md"]);
        Assert.That(content.Output, Is.EqualTo(File.ReadAllText(Path.Combine(chart, "README.md"))));
    }

    [Test]
    public void A_helmignore_that_drops_every_template_is_an_error()
    {
        using var work = new TempDirectory();
        var chart = ChartFixtures.CopySampleChart(work.Path);
        File.AppendAllText(Path.Combine(chart, ".helmignore"), "\ntemplates/\n");

        var error = Assert.Throws<ChartException>(() => ChartPackager.Package(chart, work.Combine("out"), CommitTime))!;

        Assert.That(error.Message, Does.Contain(".helmignore excludes every file in").And.Contain("templates"));
    }

    [Test]
    public void Helmignore_globs_are_matched_by_an_automaton_that_cannot_backtrack()
    {
        Assert.That(GoGlob.Compile("*a*a*a*a*a*a*a*a*b").Options.HasFlag(RegexOptions.NonBacktracking), Is.True);
    }

    /// <summary>The results of Go's filepath.Match for the same pattern and name.</summary>
    [TestCase("*a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false)]
    [TestCase("*a*a*a*a*b", "aaaab", true)]
    [TestCase("*a*a*a*a*b", "xaxaxaxaxb", true)]
    [TestCase("*a*a*a*a*b", "aaab", false)]
    [TestCase("*a*a*a*a*b", "aaaa/b", false)]
    [TestCase("*", "", true)]
    [TestCase("*", "a/b", false)]
    [TestCase("a*", "a", true)]
    [TestCase("a*b*c*d*e*/f", "axbxcxdxe/f", true)]
    [TestCase("a*b*c*d*e*/f", "axbxcxdxexxx/f", true)]
    [TestCase("a*b*c*d*e*/f", "axbxcxdxe/xxx/f", false)]
    [TestCase("a*b?c*x", "abxbbxdbxebxczzx", true)]
    [TestCase("a*b?c*x", "abxbbxdbxebxczzy", false)]
    [TestCase("ab[c]", "abc", true)]
    [TestCase("ab[b-d]", "abc", true)]
    [TestCase("ab[^c]", "abc", false)]
    [TestCase("ab[^b-d]", "abe", true)]
    [TestCase("a\\*b", "a*b", true)]
    [TestCase("a\\*b", "ab", false)]
    [TestCase("a?b", "a/b", false)]
    [TestCase("*x", "xxx", true)]
    public void A_glob_matches_what_Go_filepath_Match_matches(string glob, string name, bool matches)
    {
        Assert.That(GoGlob.Compile(glob).IsMatch(name), Is.EqualTo(matches));
    }

    [Test]
    public void A_pathological_glob_on_a_long_name_is_answered()
    {
        // Exponential for a backtracking engine (it would not return); an automaton reads the name once.
        var name = new string('a', 20_000);

        Assert.That(GoGlob.Compile("*a*a*a*a*a*a*a*a*a*a*b").IsMatch(name), Is.False);
        Assert.That(GoGlob.Compile("*a*a*a*a*a*a*a*a*a*a*b").IsMatch(name + "b"), Is.True);
    }
}
