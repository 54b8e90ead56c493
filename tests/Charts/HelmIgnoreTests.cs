using Build.Charts;
using Build.Tests.Support;

namespace Build.Tests.Charts;

public sealed class HelmIgnoreTests
{
    // The table of helm's own TestIgnore (pkg/ignore/rules_test.go): pattern, path, whether the path is a directory
    // in helm's testdata, and what helm answers.
    [TestCase("helm.txt", "helm.txt", false, true)]
    [TestCase("helm.*", "helm.txt", false, true)]
    [TestCase("helm.*", "rudder.txt", false, false)]
    [TestCase("*.txt", "tiller.txt", false, true)]
    [TestCase("*.txt", "cargo/a.txt", false, true)]
    [TestCase("cargo/*.txt", "cargo/a.txt", false, true)]
    [TestCase("cargo/*.*", "cargo/a.txt", false, true)]
    [TestCase("cargo/*.txt", "mast/a.txt", false, false)]
    [TestCase("ru[c-e]?er.txt", "rudder.txt", false, true)]
    [TestCase("templates/.?*", "templates/.dotfile", false, true)]
    [TestCase(".*", ".", true, false)]
    [TestCase(".*", "./", true, false)]
    [TestCase(".*", ".joonix", false, true)]
    [TestCase(".*", "helm.txt", false, false)]
    [TestCase(".*", "", true, false)]
    [TestCase("cargo/", "cargo", true, true)]
    [TestCase("cargo/", "cargo/", true, true)]
    [TestCase("cargo/", "mast/", true, false)]
    [TestCase("helm.txt/", "helm.txt", false, false)]
    [TestCase("!helm.txt", "helm.txt", false, false)]
    [TestCase("!helm.txt", "tiller.txt", false, true)]
    [TestCase("!*.txt", "cargo", true, true)]
    [TestCase("!cargo/", "mast/", true, true)]
    [TestCase("/a.txt", "a.txt", false, true)]
    [TestCase("/a.txt", "cargo/a.txt", false, false)]
    [TestCase("/cargo/a.txt", "cargo/a.txt", false, true)]
    public void A_rule_ignores_what_helm_ignores(string rule, string path, bool isDirectory, bool ignored)
    {
        Assert.That(HelmIgnore.Parse(rule, ".helmignore").Ignores(path, isDirectory), Is.EqualTo(ignored));
    }

    [Test]
    public void Comments_blank_lines_and_surrounding_spaces_are_not_rules()
    {
        var rules = HelmIgnore.Parse("#ignore\n\n\t#ignore\nfoo\nbar/*\nbaz/bar/foo.txt\n\none/more\r\n  *.tmp  \n", ".helmignore");

        Assert.That(rules.Count, Is.EqualTo(5));
        Assert.That(rules.Ignores("x/cache.tmp", isDirectory: false), Is.True);
        Assert.That(rules.Ignores("one/more", isDirectory: false), Is.True);
    }

    [Test]
    public void The_first_matching_rule_decides_and_a_negation_keeps_only_what_it_matches()
    {
        var rules = HelmIgnore.Parse("secret.yaml\n!*.yaml\n", ".helmignore");

        Assert.That(rules.Ignores("secret.yaml", isDirectory: false), Is.True);
        Assert.That(rules.Ignores("values.yaml", isDirectory: false), Is.False);
        Assert.That(rules.Ignores("README.md", isDirectory: false), Is.True, "helm ignores whatever reaches a !rule without matching it");
        Assert.That(rules.Ignores("templates", isDirectory: true), Is.True);
    }

    [TestCase("foo/**/bar", "uses **")]
    [TestCase("[z-", "is not a valid glob")]
    [TestCase("[]a]", "is not a valid glob")]
    [TestCase("a[b-", "is not a valid glob")]
    [TestCase("[z-a]", "runs backwards")]
    [TestCase("trailing\\", "lone \\")]
    public void A_rule_helm_rejects_names_the_file_and_the_line(string rule, string reason)
    {
        var error = Assert.Throws<ChartException>(() => HelmIgnore.Parse($"# rules\n{rule}\n", "/charts/x/.helmignore"));

        Assert.That(error.Message, Does.StartWith($"/charts/x/.helmignore line 2: '{rule}'").And.Contain(reason));
    }

    [TestCase("[^a]bc", "xbc", true)]
    [TestCase("[^a]bc", "abc", false)]
    [TestCase("\\*.txt", "*.txt", true)]
    [TestCase("\\*.txt", "a.txt", false)]
    [TestCase("[\\]]x", "]x", true)]
    [TestCase("a?c", "a/c", false)]
    [TestCase("a*", "a/b", false)]
    [TestCase("(x).txt", "(x).txt", true)]
    public void Globs_follow_Go_filepath_Match(string glob, string path, bool matches)
    {
        Assert.That(HelmIgnore.Parse("/" + glob, ".helmignore").Ignores(path, isDirectory: false), Is.EqualTo(matches));
    }

    [Test]
    public void Loading_adds_helms_default_rule_for_dot_files_in_templates()
    {
        using var chart = new TempDirectory();

        var without = HelmIgnore.Load(chart.Path);
        chart.Write(".helmignore", "*.md\n");
        var with = HelmIgnore.Load(chart.Path);

        Assert.That(without.Count, Is.EqualTo(1));
        Assert.That(without.Ignores("templates/.scratch.yaml", isDirectory: false), Is.True);
        Assert.That(without.Ignores("templates/deployment.yaml", isDirectory: false), Is.False);
        Assert.That(without.Ignores(".helmignore", isDirectory: false), Is.False, "helm packages .helmignore unless a rule names it");
        Assert.That(with.Count, Is.EqualTo(2));
        Assert.That(with.Ignores("README.md", isDirectory: false), Is.True);
        Assert.That(with.Ignores("templates/.hidden", isDirectory: false), Is.True);
    }
}
