using Build.Tests.Scanning;
using Build.Tools.Helm;

namespace Build.Tests.Tools.Helm;

public sealed class HelmOutputTests
{
    [Test]
    public void Push_output_gives_the_pushed_reference_and_its_digest()
    {
        var pushed = HelmOutput.ParsePush(Samples.Read("helm/push.txt"));

        Assert.That(pushed.Reference, Is.EqualTo("localhost:5000/helm-charts/mychart:0.1.0"));
        Assert.That(pushed.Digest, Is.EqualTo("sha256:ec5f08ee7be8b557cd1fc5ae1a0ac985e8538da7c93f51a51eff4b277509a723"));
    }

    [Test]
    public void Push_output_without_a_digest_is_refused_with_what_helm_printed()
    {
        var error = Assert.Throws<FormatException>(() => HelmOutput.ParsePush("Error: unexpected status from HEAD request: 401 Unauthorized"));

        Assert.That(error.Message, Does.Contain("Digest: sha256").And.Contain("401 Unauthorized"));
    }

    [Test]
    public void Lint_output_gives_each_message_with_its_continuation_and_the_summary()
    {
        var report = HelmOutput.ParseLint(Samples.Read("helm/lint-chart-with-bad-subcharts.txt"));

        Assert.That(report.ChartsLinted, Is.EqualTo(1));
        Assert.That(report.ChartsFailed, Is.EqualTo(1));
        Assert.That(report.Passed, Is.False);
        Assert.That(report.Messages.Select(message => message.Level), Is.EqualTo(new[] { "INFO", "ERROR" }));
        Assert.That(report.Messages[0].Text, Is.EqualTo("Chart.yaml: icon is recommended"));
        Assert.That(report.Errors.Single().Text, Is.EqualTo(
            ": unable to load chart\nerror unpacking subchart bad-subchart in chart-with-bad-subcharts: validation: chart.metadata.name is required"));
        Assert.That(report.Warnings, Is.Empty);
    }

    [Test]
    public void Lint_output_without_a_summary_is_refused()
    {
        Assert.Throws<FormatException>(() => HelmOutput.ParseLint("Error: unknown flag: --strictt"));
    }

    [Test]
    public void Package_output_gives_the_archive_path_Contract()
    {
        // helm's package command prints this line (pkg/cmd/package.go); no captured sample is at hand.
        Assert.That(HelmOutput.ParsePackagePath("Successfully packaged chart and saved it to: /out/charts/rds-csi-1.2.3.tgz\n"), Is.EqualTo("/out/charts/rds-csi-1.2.3.tgz"));
    }
}
