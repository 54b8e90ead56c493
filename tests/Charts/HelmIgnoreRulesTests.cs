using Build.Charts;

namespace Build.Tests.Charts;

/// <summary>Corners of helm's .helmignore evaluation: the chart root, directory-only negations, and the ** message.</summary>
public sealed class HelmIgnoreRulesTests
{
    [TestCase("")]
    [TestCase(".")]
    [TestCase("./")]
    public void The_chart_root_itself_is_never_ignored(string path)
    {
        Assert.That(HelmIgnore.Parse("*\n.*\n", ".helmignore").Ignores(path, isDirectory: true), Is.False);
    }

    [Test]
    public void A_negated_directory_rule_keeps_that_directory_and_ignores_a_file_of_the_same_name()
    {
        var rules = HelmIgnore.Parse("!cargo/\n", ".helmignore");

        Assert.That(rules.Ignores("cargo", isDirectory: true), Is.False);
        Assert.That(rules.Ignores("cargo", isDirectory: false), Is.True);
        Assert.That(rules.Ignores("mast", isDirectory: true), Is.True);
    }

    [Test]
    public void A_file_reaching_no_rule_is_packaged()
    {
        var rules = HelmIgnore.Parse("*.tmp\ncargo/\n", ".helmignore");

        Assert.That(rules.Ignores("values.yaml", isDirectory: false), Is.False);
        Assert.That(rules.Ignores("cargo", isDirectory: false), Is.False);
        Assert.That(rules.Ignores("cargo", isDirectory: true), Is.True);
    }

    [Test]
    public void A_double_star_rule_is_refused_with_the_rule_that_does_the_same()
    {
        var error = Assert.Throws<ChartException>(() => HelmIgnore.Parse("a\n  **/*.tmp  \n", "/c/.helmignore"));

        Assert.That(error!.Message, Is.EqualTo("/c/.helmignore line 2: '**/*.tmp' uses **, which helm does not support; a rule without '/' (e.g. *.tmp) already matches in every folder."));
    }

    [Test]
    public void A_malformed_glob_is_refused_with_the_whole_rule_and_Gos_reason()
    {
        var error = Assert.Throws<ChartException>(() => HelmIgnore.Parse("!/templates/[b-a]/\n", "/c/.helmignore"));

        Assert.That(error!.Message, Is.EqualTo("/c/.helmignore line 1: '!/templates/[b-a]/' is not a valid glob: the range b-a in [...] runs backwards."));
    }
}
