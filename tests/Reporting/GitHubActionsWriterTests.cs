using Build.Reporting;
using Build.Tests.Support;

namespace Build.Tests.Reporting;

/// <summary>The step summary and step output files, read back as the Actions runner reads them.</summary>
public sealed class GitHubActionsWriterTests
{
    private TempDirectory _directory = null!;
    private string _summary = null!;
    private string _output = null!;

    [SetUp]
    public void SetUp()
    {
        _directory = new TempDirectory();
        _summary = _directory.Write("summary.md", string.Empty);
        _output = _directory.Write("output", "earlier=kept\n");
    }

    [TearDown]
    public void TearDown() => _directory.Dispose();

    [Test]
    public void A_single_line_output_is_NAME_equals_VALUE_appended_to_what_is_there()
    {
        new GitHubActionsWriter(_summary, _output).SetOutput("digest", "sha256:" + new string('a', 64));

        Assert.That(File.ReadAllText(_output), Is.EqualTo($"earlier=kept\ndigest=sha256:{new string('a', 64)}\n"));
        Assert.That(ActionsFileCommands.Parse(File.ReadAllText(_output)), Does.ContainKey("earlier"));
    }

    [Test]
    public void A_multi_line_output_uses_a_heredoc_delimiter_that_is_not_in_the_value()
    {
        var writer = new GitHubActionsWriter(_summary, _output);

        var tags = string.Join('\n', "1.2.3", "1.2", "latest");
        writer.SetOutput("tags", tags);
        writer.SetOutput("version", "1.2.3");

        var text = File.ReadAllText(_output);
        var header = text.Split('\n')[1];
        Assert.That(header, Does.Match("^tags<<[A-Za-z0-9_]+$"));
        Assert.That(tags, Does.Not.Contain(header["tags<<".Length..]));
        var outputs = ActionsFileCommands.Parse(text);
        Assert.That(outputs["tags"], Is.EqualTo(tags));
        Assert.That(outputs["version"], Is.EqualTo("1.2.3"));
    }

    [Test]
    public void Summaries_are_appended_each_ending_with_a_blank_line()
    {
        var writer = new GitHubActionsWriter(_summary, _output);

        writer.AppendSummary("### Scan\n\n| a |\n");
        writer.AppendSummary("## Release");

        Assert.That(File.ReadAllText(_summary), Is.EqualTo("### Scan\n\n| a |\n\n## Release\n\n"));
    }

    [Test]
    public void Without_the_Actions_files_nothing_is_written()
    {
        var writer = new GitHubActionsWriter(null, null);

        writer.AppendSummary("## Release");
        writer.SetOutput("version", "1.2.3");

        Assert.That(writer.IsActive, Is.False);
        Assert.That(File.ReadAllText(_summary), Is.Empty);
        Assert.That(File.ReadAllText(_output), Is.EqualTo("earlier=kept\n"));
    }
}
