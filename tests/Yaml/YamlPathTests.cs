using Build.Yaml;

namespace Build.Tests.Yaml;

public sealed class YamlPathTests
{
    [TestCase("spec.containers[10].image", new[] { "spec", "containers", "10", "image" })]
    [TestCase("spec.containers.[0].image", new[] { "spec", "containers", "0", "image" })]
    public void An_index_of_several_digits_or_after_a_dot_indexes_the_key_before_it(string text, string[] segments)
    {
        Assert.That(YamlPath.Parse(text), Is.EqualTo(segments));
    }

    [TestCase("containers[0")]
    [TestCase("containers[0]x5]")]
    [TestCase("containers[]")]
    public void An_unclosed_empty_or_misplaced_index_is_refused_naming_the_path_and_the_bad_part(string text)
    {
        var error = Assert.Throws<ArgumentException>(() => YamlPath.Parse(text));

        Assert.That(error.Message, Does.StartWith($"'{text}' is not a key path: '").And.Contain("' is not an item index such as [0]."));
        Assert.That(error.ParamName, Is.EqualTo("path"));
    }

    [Test]
    public void A_path_with_an_empty_key_is_refused_with_an_example()
    {
        var error = Assert.Throws<ArgumentException>(() => YamlPath.Parse("image..digest"));

        Assert.That(error.Message, Does.StartWith("'image..digest' is not a key path: write keys separated by dots and sequence items as [n], e.g. image.digest"));
    }

    [Test]
    public void The_empty_path_is_written_as_the_document_root()
    {
        Assert.That(YamlPath.Format([]), Is.EqualTo("(the document root)"));
    }

    [Test]
    public void A_key_that_starts_with_a_digit_is_a_key_and_does_not_index_a_sequence()
    {
        Assert.That(YamlPath.Format(["ports", "8080tcp"]), Is.EqualTo("ports.8080tcp"));

        var error = Assert.Throws<YamlEditException>(() => YamlScalarEditor.Set("ports:\n  - 80\n", ["ports", "8080tcp"], "1", "values.yaml"));

        Assert.That(error.Message, Does.Contain("ports is a sequence, not a mapping with key '8080tcp'"));
    }

    [Test]
    public void An_empty_key_is_a_key_and_does_not_index_a_sequence()
    {
        Assert.That(YamlPath.Format(["ports", ""]), Is.EqualTo("ports."));

        var error = Assert.Throws<YamlEditException>(() => YamlScalarEditor.Set("ports:\n  - 80\n", ["ports", ""], "1", "values.yaml"));

        Assert.That(error.Message, Does.Contain("ports is a sequence, not a mapping with key ''"));
    }
}
