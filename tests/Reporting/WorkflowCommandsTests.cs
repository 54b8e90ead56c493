using Build.Reporting;

namespace Build.Tests.Reporting;

/// <summary>The escaping of actions/toolkit's core command: data escapes % CR LF; property values also : and ,.</summary>
public sealed class WorkflowCommandsTests
{
    [Test]
    public void A_message_escapes_percent_CR_and_LF_and_keeps_colons_and_commas()
    {
        Assert.That(WorkflowCommands.Error("100% done\r\nnext: a, b"), Is.EqualTo("::error::100%25 done%0D%0Anext: a, b"));
    }

    [Test]
    public void A_title_also_escapes_colons_and_commas()
    {
        Assert.That(WorkflowCommands.Warning("message", "Push: a, b 5%"), Is.EqualTo("::warning title=Push%3A a%2C b 5%25::message"));
    }

    [Test]
    public void Percent_is_escaped_first_so_an_escape_sequence_in_the_text_survives_unescaping()
    {
        Assert.That(WorkflowCommands.EscapeData("%0A"), Is.EqualTo("%250A"));
    }

    [Test]
    public void A_group_is_named_on_its_own_line_and_ended_by_endgroup()
    {
        Assert.That(WorkflowCommands.Group("Sign\nnext"), Is.EqualTo("::group::Sign%0Anext"));
        Assert.That(WorkflowCommands.EndGroup, Is.EqualTo("::endgroup::"));
    }

    /// <summary>How the Actions runner reads a command's data (actions/runner ActionCommand.Unescape): %0D, %0A, then %25.</summary>
    public static string RunnerUnescapeData(string data) =>
        data.Replace("%0D", "\r", StringComparison.Ordinal).Replace("%0A", "\n", StringComparison.Ordinal).Replace("%25", "%", StringComparison.Ordinal);

    [TestCase("ghp_tok%25en")]
    [TestCase("100%")]
    [TestCase("line one\nline two\r\nline three")]
    [TestCase("%0A literal")]
    public void Add_mask_registers_exactly_the_secret_after_the_runner_unescapes_it(string secret)
    {
        var command = WorkflowCommands.AddMask(secret);

        Assert.That(command, Does.StartWith("::add-mask::"));
        Assert.That(command, Does.Not.Contain("\n").And.Not.Contain("\r"), "one line, so the runner reads all of it");
        Assert.That(RunnerUnescapeData(command["::add-mask::".Length..]), Is.EqualTo(secret));
    }
}
