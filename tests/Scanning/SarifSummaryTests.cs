using Build.Scanning;

namespace Build.Tests.Scanning;

public sealed class SarifSummaryTests
{
    [Test]
    public void Trivy_SARIF_is_summarised_by_tool_level_and_rule()
    {
        var summary = SarifSummary.Parse(Samples.Read("trivy/alpine-310.sarif"));

        Assert.That(summary.Version, Is.EqualTo("2.1.0"));
        Assert.That(summary.Runs, Has.Count.EqualTo(1));
        var run = summary.Runs[0];
        Assert.That(run.ToolName, Is.EqualTo("Trivy"));
        Assert.That(run.ToolVersion, Is.EqualTo("dev"));
        Assert.That(run.RuleCount, Is.EqualTo(4));
        Assert.That(run.ResultCount, Is.EqualTo(8));
        Assert.That(summary.ResultCount, Is.EqualTo(8));
        Assert.That(run.ResultsByLevel["warning"], Is.EqualTo(6));
        Assert.That(run.ResultsByLevel["note"], Is.EqualTo(2));
        Assert.That(run.ResultsByRule["CVE-2019-1549"], Is.EqualTo(2));
        Assert.That(run.ResultsByRule.Keys, Is.EquivalentTo(new[] { "CVE-2019-1549", "CVE-2019-1551", "CVE-2019-1563", "CVE-2019-1547" }));
    }

    [Test]
    public void A_result_without_a_level_counts_as_a_warning()
    {
        var summary = SarifSummary.Parse("""{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"Trivy"}},"results":[{"ruleId":"CVE-1"}]}]}""");

        Assert.That(summary.Runs[0].ResultsByLevel["warning"], Is.EqualTo(1));
        Assert.That(summary.Runs[0].ToolVersion, Is.Null);
    }

    [Test]
    public void A_trivy_JSON_report_given_as_SARIF_is_refused_naming_the_file()
    {
        var error = Assert.Throws<ReportFormatException>(() => SarifSummary.Parse(Samples.Read("trivy/alpine-39.json"), "trivy.sarif"));

        Assert.That(error.Message, Does.Contain("trivy.sarif").And.Contain("SARIF version '(none)'").And.Contain("2.1.0"));
    }

    [Test]
    public void A_run_without_a_tool_name_is_refused()
    {
        var error = Assert.Throws<ReportFormatException>(() => SarifSummary.Parse("""{"version":"2.1.0","runs":[{"tool":{"driver":{}}}]}""", "scan.sarif"));

        Assert.That(error.Message, Does.Contain("scan.sarif: runs[0].tool.driver has no name"));
    }
}
