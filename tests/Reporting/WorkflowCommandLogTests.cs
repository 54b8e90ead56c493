using Build.Diagnostics;
using Build.Reporting;
using Build.Tests.Support;
using Cake.Core.Diagnostics;

namespace Build.Tests.Reporting;

/// <summary>Warnings and errors as GitHub Actions annotations, written to a recording console.</summary>
public sealed class WorkflowCommandLogTests
{
    private RecordingLog _inner = null!;
    private RecordingConsole _console = null!;

    [SetUp]
    public void SetUp()
    {
        _inner = new RecordingLog { Verbosity = Verbosity.Normal };
        _console = new RecordingConsole();
    }

    [Test]
    public void Outside_Actions_every_line_goes_to_the_log_unchanged()
    {
        var log = new WorkflowCommandLog(_inner, _console, inActions: false);

        log.Write(Verbosity.Minimal, LogLevel.Warning, "retrying {0}", "push");
        log.Write(Verbosity.Minimal, LogLevel.Error, "Error: {0}", "failed");

        Assert.That(_inner.Lines, Is.EqualTo(new[] { (LogLevel.Warning, "retrying push"), (LogLevel.Error, "Error: failed") }));
        Assert.That(_console.Output, Is.Empty);
    }

    [Test]
    public void In_Actions_a_warning_is_an_annotation_and_information_stays_a_log_line()
    {
        var log = new WorkflowCommandLog(_inner, _console, inActions: true);

        log.Write(Verbosity.Minimal, LogLevel.Warning, "{0}: expired on {1}", ".trivyignore:3", "2024-01-01");
        log.Write(Verbosity.Normal, LogLevel.Information, "Signed {0}", "x");

        Assert.That(_console.OutputLines, Is.EqualTo(new[] { "::warning::.trivyignore:3: expired on 2024-01-01" }));
        Assert.That(_inner.Text, Is.EqualTo("Signed x"));
    }

    [Test]
    public void A_multi_line_error_is_one_escaped_annotation()
    {
        var log = new WorkflowCommandLog(_inner, _console, inActions: true);

        log.Write(Verbosity.Quiet, LogLevel.Error, "Error: {0}", "gate failed (100%):\n  linux/amd64: CVE-1");

        Assert.That(_console.OutputLines, Is.EqualTo(new[] { "::error::Error: gate failed (100%25):%0A  linux/amd64: CVE-1" }));
    }

    [Test]
    public void A_failed_task_s_error_is_titled_with_the_task_and_the_engine_notice_stays_plain()
    {
        var log = new WorkflowCommandLog(_inner, _console, inActions: true);

        log.Write(Verbosity.Quiet, LogLevel.Error, WorkflowCommandLog.EngineTaskFailureNotice, "Push");
        log.TaskFailed("Push");
        log.Write(Verbosity.Quiet, LogLevel.Error, "Error: {0}", "manifest unknown: a, b");
        log.Write(Verbosity.Quiet, LogLevel.Error, "\t{0}", "inner cause");

        Assert.That(_inner.Text, Is.EqualTo("An error occurred when executing task 'Push'."));
        Assert.That(_console.OutputLines, Is.EqualTo(new[] { "::error title=Push failed::manifest unknown: a, b", "::error::\tinner cause" }));
    }

    [Test]
    public void Behind_the_masking_log_an_annotation_carries_no_secret()
    {
        var log = new MaskingLog(new WorkflowCommandLog(_inner, _console, inActions: true), new SecretMasker(["registry-pass-4471"]));

        log.Write(Verbosity.Quiet, LogLevel.Error, "Error: {0}", "login with registry-pass-4471 refused {x}");
        log.Write(Verbosity.Minimal, LogLevel.Warning, "retry: registry-pass-4471");

        Assert.That(_console.OutputLines, Is.EqualTo(new[] { "::error::Error: login with *** refused {x}", "::warning::retry: ***" }));
    }

    [Test]
    public void A_line_above_the_verbosity_is_not_annotated()
    {
        var log = new WorkflowCommandLog(_inner, _console, inActions: true);

        log.Write(Verbosity.Diagnostic, LogLevel.Warning, "chatty");

        Assert.That(_console.Output, Is.Empty);
    }
}
