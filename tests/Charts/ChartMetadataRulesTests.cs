using Build.Charts;

namespace Build.Tests.Charts;

/// <summary>How each Chart.yaml field is read the way helm reads it, and what a field helm would refuse says.</summary>
public sealed class ChartMetadataRulesTests
{
    private const string Head = "apiVersion: v2\nname: x\nversion: 1.0.0\n";

    private static ChartMetadata Parse(string rest) => ChartMetadata.Parse(Head + rest, "Chart.yaml");

    private static string Refusal(string yaml) => Assert.Throws<ChartException>(() => ChartMetadata.Parse(yaml, "Chart.yaml"))!.Message;

    [Test]
    public void Icon_condition_and_tags_are_read_as_written()
    {
        var chart = Parse("icon: https://x/icon.png\ncondition: x.enabled\ntags: storage\n");

        Assert.That((chart.Icon, chart.Condition, chart.Tags), Is.EqualTo(("https://x/icon.png", "x.enabled", "storage")));
    }

    [TestCase("deprecated: true\n", true)]
    [TestCase("deprecated: True\n", true)]
    [TestCase("deprecated: TRUE\n", true)]
    [TestCase("deprecated: yes\n", true)]
    [TestCase("deprecated: false\n", false)]
    [TestCase("deprecated: no\n", false)]
    [TestCase("deprecated: ~\n", false)]
    [TestCase("", false)]
    public void Deprecated_is_true_only_for_a_true_or_yes_value(string line, bool deprecated)
    {
        Assert.That(Parse(line).Deprecated, Is.EqualTo(deprecated));
    }

    [TestCase("appVersion:\n", null)]
    [TestCase("appVersion: ~\n", null)]
    [TestCase("appVersion: null\n", null)]
    [TestCase("appVersion: \"~\"\n", "~")]
    [TestCase("appVersion: 'null'\n", "null")]
    [TestCase("appVersion: \"\"\n", "")]
    public void A_plain_null_is_no_value_and_a_quoted_one_is_its_text(string line, string? appVersion)
    {
        Assert.That(Parse(line).AppVersion, Is.EqualTo(appVersion));
    }

    [Test]
    public void A_mapping_without_any_required_field_names_all_three()
    {
        Assert.That(Refusal("description: x\n"), Is.EqualTo("Chart.yaml has no apiVersion, name, version: helm requires apiVersion (v2), name and version in Chart.yaml."));
    }

    [Test]
    public void A_name_of_only_spaces_is_no_name()
    {
        Assert.That(Refusal("apiVersion: v2\nname: \"  \"\nversion: 1.0.0\n"), Does.StartWith("Chart.yaml has no name:"));
    }

    [TestCase(".")]
    [TestCase("..")]
    [TestCase("a/b")]
    [TestCase("a\\\\b")]
    public void A_name_that_is_not_a_file_name_is_refused(string name)
    {
        Assert.That(Refusal($"apiVersion: v2\nname: \"{name}\"\nversion: 1.0.0\n"), Does.StartWith("Chart.yaml: the chart name '").And.EndWith("' is not a file name; write a name such as rds-csi-driver."));
    }

    [Test]
    public void A_name_with_dots_inside_is_a_file_name()
    {
        Assert.That(ChartMetadata.Parse("apiVersion: v2\nname: a..b\nversion: 1.0.0\n", "Chart.yaml").Name, Is.EqualTo("a..b"));
    }

    [Test]
    public void A_text_without_a_document_is_not_a_Chart_yaml()
    {
        Assert.That(Refusal(""), Is.EqualTo("Chart.yaml is not a Chart.yaml: it holds no mapping of keys (apiVersion, name, version, ...)."));
    }

    [Test]
    public void Invalid_YAML_names_the_line_and_column()
    {
        Assert.That(Refusal("apiVersion: v2\nname: [x\n"), Does.Match(@"^Chart\.yaml is not valid YAML( \(line \d+, column \d+\))?:"));
    }

    [Test]
    public void Maintainers_are_read_with_name_email_and_url_and_an_empty_list_is_none()
    {
        var chart = Parse("maintainers:\n  - name: a\n    email: a@x\n  - url: https://b\n");

        Assert.That(chart.Maintainers, Is.EqualTo(new[] { new ChartMaintainer("a", "a@x", null), new ChartMaintainer(null, null, "https://b") }));
        Assert.That(Parse("maintainers: ~\n").Maintainers, Is.Empty);
        Assert.That(Parse("maintainers:\n").Maintainers, Is.Empty);
    }

    [Test]
    public void A_maintainer_that_is_not_a_mapping_is_refused_with_its_line()
    {
        Assert.That(Refusal(Head + "maintainers:\n  - a <a@x>\n"), Is.EqualTo("Chart.yaml: each entry under maintainers is a mapping with name, email and url (line 5)."));
    }

    [Test]
    public void Dependencies_are_listed_by_name_and_an_entry_without_one_is_unnamed()
    {
        var chart = Parse("dependencies:\n  - name: common\n    version: 1.x\n  - repository: https://x\n  - plain\n");

        Assert.That(chart.Dependencies, Is.EqualTo(new[] { "common", "(unnamed)", "(unnamed)" }));
    }

    [Test]
    public void A_keyword_that_is_not_a_single_value_is_refused_with_its_line()
    {
        Assert.That(Refusal(Head + "keywords:\n  - csi\n  - [a, b]\n"), Is.EqualTo("Chart.yaml: each entry under keywords is a single value (line 6)."));
    }

    [Test]
    public void Annotations_are_read_as_text_and_none_is_empty()
    {
        Assert.That(Parse("annotations:\n  a: 1\n  b: \"x\"\n").Annotations, Is.EqualTo(new Dictionary<string, string> { ["a"] = "1", ["b"] = "x" }));
        Assert.That(Parse("annotations: ~\n").Annotations, Is.Empty);
        Assert.That(Parse("annotations:\n").Annotations, Is.Empty);
    }

    [TestCase("annotations: x\n", "Chart.yaml: annotations (line 4) must be a mapping of strings.")]
    [TestCase("annotations:\n  a:\n    b: c\n", "Chart.yaml: annotations values are strings (line 6); quote them.")]
    [TestCase("annotations:\n  [a]: b\n", "Chart.yaml: the keys under annotations are single values (line 5).")]
    [TestCase("home:\n  - a\n", "Chart.yaml: home (line 5) must be a single value, not a sequence.")]
    [TestCase("keywords:\n  a: b\n", "Chart.yaml: keywords (line 5) must be a list.")]
    public void A_field_of_the_wrong_shape_is_refused_naming_it_and_its_line(string rest, string message)
    {
        Assert.That(Refusal(Head + rest), Is.EqualTo(message));
    }
}
