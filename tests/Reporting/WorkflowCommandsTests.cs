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
}
