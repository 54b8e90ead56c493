using Build.Reporting;
using Build.Tasks;
using Build.Tests.Support;
using Cake.Core;
using Cake.Core.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Build.Tests.Reporting;

/// <summary>The end-of-run table, the log groups and, in GitHub Actions, the job summary and step outputs.</summary>
public sealed class ReleaseReportPrinterTests
{
    private TempDirectory _directory = null!;
    private RecordingConsole _console = null!;

    [SetUp]
    public void SetUp()
    {
        _directory = new TempDirectory();
        _console = new RecordingConsole();
    }

    [TearDown]
    public void TearDown() => _directory.Dispose();

    private static CakeReport Report()
    {
        var report = new CakeReport();
        report.Add("Version", TimeSpan.FromSeconds(0.12));
        report.Add("Push", TimeSpan.FromSeconds(2.04));
        report.AddSkipped("Scan", string.Empty);
        report.AddFailed("HelmPackage", TimeSpan.FromSeconds(0.5));
        return report;
    }

    private ReleaseReportPrinter Printer(bool inActions, BuildContext? context = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IFrostingTask, ScanTask>();
        if (context is not null)
        {
            services.AddSingleton<IFrostingContext>(context);
        }

        return new ReleaseReportPrinter(_console, new RecordingLog { Verbosity = Verbosity.Normal }, services.BuildServiceProvider(), inActions);
    }

    [Test]
    public void The_table_lists_each_task_with_its_duration_and_status_and_a_skipped_task_with_its_reason()
    {
        Printer(inActions: false).Write(Report());

        var lines = _console.OutputLines;
        Assert.That(lines, Does.Contain("Version         0.1 s  ran"));
        Assert.That(lines, Does.Contain("Push            2.0 s  ran"));
        Assert.That(lines, Does.Contain("Scan                -  skipped: trivy is not installed, so this rehearsal is NOT scanned for vulnerabilities (" + Build.Tools.Trivy.TrivyRunner.InstallHint + ")"));
        Assert.That(lines, Does.Contain("HelmPackage     0.5 s  FAILED"));
        Assert.That(lines, Does.Contain("Total           2.7 s"));
        Assert.That(_console.Output, Does.Not.Contain("::"));
    }

    [Test]
    public void The_task_a_signal_interrupted_is_marked_so_and_a_failed_one_stays_FAILED()
    {
        var printer = Printer(inActions: false);
        printer.Interrupted = ("Push", "SIGTERM");

        printer.Write(Report());

        Assert.That(_console.OutputLines, Does.Contain("Push            2.0 s  ran").And.Contain("HelmPackage     0.5 s  FAILED"), "only a failed entry of the interrupted task is marked");
        var report = new CakeReport();
        report.Add("Version", TimeSpan.FromSeconds(0.12));
        report.AddFailed("Push", TimeSpan.FromSeconds(1));
        printer.Write(report);
        Assert.That(_console.OutputLines, Does.Contain("Push        1.0 s  INTERRUPTED (SIGTERM)"));
    }

    [Test]
    public void Outside_Actions_a_step_is_a_rule_with_its_name()
    {
        var printer = Printer(inActions: false);

        printer.WriteStep("Sign", Verbosity.Normal);
        printer.EndGroup();

        Assert.That(_console.OutputLines, Is.EqualTo(new[] { "── Sign " + new string('─', 72) }));
    }

    [Test]
    public void In_Actions_each_step_is_a_group_ended_by_the_next_by_EndGroup_and_by_the_report()
    {
        var printer = Printer(inActions: true);

        printer.WriteLifeCycleStep("Setup", Verbosity.Normal);
        printer.WriteStep("Version", Verbosity.Normal);
        printer.EndGroup();
        printer.EndGroup();
        printer.WriteStep("Push", Verbosity.Normal);
        printer.Write(Report());

        Assert.That(_console.OutputLines.Where(line => line.StartsWith("::", StringComparison.Ordinal)), Is.EqualTo(new[]
        {
            "::group::Setup", "::endgroup::", "::group::Version", "::endgroup::", "::group::Push", "::endgroup::",
        }));
    }

    [Test]
    public void In_Actions_the_job_summary_has_the_task_table_and_the_facts_and_the_outputs_are_set()
    {
        var environment = new Dictionary<string, string?>
        {
            ["GITHUB_ACTIONS"] = "true",
            ["GITHUB_REF"] = "refs/heads/main",
            ["GITHUB_STEP_SUMMARY"] = _directory.Write("summary.md", string.Empty),
            ["GITHUB_OUTPUT"] = _directory.Write("output", string.Empty),
        };
        var context = ReleaseContexts.Pushed(_directory.Path, environment, "Version", "Build", "Push", "Sign").Signed();

        Printer(inActions: true, context).Write(Report());

        var summary = File.ReadAllText(environment["GITHUB_STEP_SUMMARY"]!);
        Assert.That(summary, Does.StartWith("## Release 1.2.3 (rehearsal)\n\n| Task | Duration | Status |\n|---|---|---|\n"));
        Assert.That(summary, Does.Contain("| Push | 2.0 s | ran |").And.Contain("| HelmPackage | 0.5 s | FAILED |").And.Contain("| **Total** | 2.7 s | |"));
        Assert.That(summary, Does.Contain("| Scan | - | skipped: trivy is not installed"));
        Assert.That(summary, Does.Contain($"| `{ReleaseContexts.Repository}` (index) | `{ReleaseContexts.Index}` |"));
        Assert.That(summary, Does.Contain("**Signed** rehearsal key").And.Contain("```bash\ncosign verify --key artifacts/keys/cosign.pub"));
        var outputs = ActionsFileCommands.Parse(File.ReadAllText(environment["GITHUB_OUTPUT"]!));
        Assert.That(outputs, Is.EqualTo(new Dictionary<string, string>
        {
            ["version"] = "1.2.3",
            ["tags"] = "1.2.3\n1.2\nlatest\nsha-aaaaaaa",
            ["digest"] = ReleaseContexts.Index,
        }));
    }

    [Test]
    public void Outside_Actions_the_step_files_stay_untouched_even_when_their_variables_are_set()
    {
        var environment = new Dictionary<string, string?>
        {
            ["GITHUB_STEP_SUMMARY"] = _directory.Write("summary.md", string.Empty),
            ["GITHUB_OUTPUT"] = _directory.Write("output", string.Empty),
        };
        var context = ReleaseContexts.Pushed(_directory.Path, environment);

        Printer(inActions: false, context).Write(Report());

        Assert.That(_console.Output, Does.Contain("Release 1.2.3\n  Tags         1.2.3, 1.2, latest, sha-aaaaaaa\n"));
        Assert.That(File.ReadAllText(environment["GITHUB_STEP_SUMMARY"]!), Is.Empty);
        Assert.That(File.ReadAllText(environment["GITHUB_OUTPUT"]!), Is.Empty);
    }
}
