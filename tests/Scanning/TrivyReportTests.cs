using Build.Scanning;
using Build.Tests.Support;

namespace Build.Tests.Scanning;

public sealed class TrivyReportTests
{
    [Test]
    public void The_alpine_report_lists_every_vulnerability_with_its_package_and_versions()
    {
        var report = TrivyReport.Parse(Samples.Read("trivy/alpine-39.json"));

        Assert.That(report.ArtifactName, Is.EqualTo("testdata/fixtures/images/alpine-39.tar.gz"));
        Assert.That(report.Results, Has.Count.EqualTo(1));
        Assert.That(report.Vulnerabilities.Count(), Is.EqualTo(6));
        var musl = report.Vulnerabilities.Single(vulnerability => vulnerability.PackageName == "musl");
        Assert.That(musl.VulnerabilityId, Is.EqualTo("CVE-2019-14697"));
        Assert.That(musl.InstalledVersion, Is.EqualTo("1.1.20-r4"));
        Assert.That(musl.FixedVersion, Is.EqualTo("1.1.20-r5"));
        Assert.That(musl.Severity, Is.EqualTo("CRITICAL"));
        Assert.That(musl.Title, Is.Null, "trivy gives CVE-2019-14697 no title");
        Assert.That(musl.Target, Is.EqualTo("testdata/fixtures/images/alpine-39.tar.gz (alpine 3.9.4)"));
        var openssl = report.Vulnerabilities.First(vulnerability => vulnerability.PackageName == "libssl1.1");
        Assert.That(openssl.Title, Is.EqualTo("openssl: information disclosure in fork()"));
    }

    [Test]
    public void Counts_by_severity_put_the_most_severe_first()
    {
        var counts = TrivyReport.Parse(Samples.Read("trivy/alpine-39.json")).CountBySeverity();

        Assert.That(counts.Keys, Is.EqualTo(new[] { "CRITICAL", "MEDIUM" }));
        Assert.That(counts["CRITICAL"], Is.EqualTo(2));
        Assert.That(counts["MEDIUM"], Is.EqualTo(4));
    }

    [Test]
    public void A_vulnerability_without_a_fixed_version_is_unfixed()
    {
        var report = TrivyReport.Parse(Samples.Read("trivy/debian-buster.json"));

        var bash = report.Vulnerabilities.Single(vulnerability => vulnerability.PackageName == "bash");
        Assert.That(bash.IsFixed, Is.False);
        Assert.That(bash.FixedVersion, Is.Null);
        Assert.That(bash.Status, Is.EqualTo("affected"));
        Assert.That(bash.ToString(), Does.Contain("no fixed version yet"));
        var libidn2 = report.Vulnerabilities.Single(vulnerability => vulnerability.PackageName == "libidn2-0");
        Assert.That(libidn2.IsFixed, Is.True);
        Assert.That(libidn2.ToString(), Is.EqualTo("CVE-2019-18224 (CRITICAL) in libidn2-0 2.0.5-1: fixed in 2.0.5-1+deb10u1"));
    }

    [Test]
    public void A_report_of_another_schema_is_refused_naming_the_file()
    {
        var error = Assert.Throws<ReportFormatException>(() => TrivyReport.Parse("""{"SchemaVersion": 1, "Results": []}""", "artifacts/trivy.json"));

        Assert.That(error.Message, Does.Contain("artifacts/trivy.json").And.Contain("SchemaVersion 1").And.Contain("trivy image --format json"));
    }

    [Test]
    public void A_SARIF_file_given_as_the_trivy_report_is_refused()
    {
        var error = Assert.Throws<ReportFormatException>(() => TrivyReport.Parse(Samples.Read("trivy/alpine-310.sarif"), "trivy.sarif"));

        Assert.That(error.Message, Does.Contain("trivy.sarif").And.Contain("SchemaVersion (none)"));
    }

    [Test]
    public void Text_that_is_not_JSON_is_refused_naming_the_file()
    {
        var error = Assert.Throws<ReportFormatException>(() => TrivyReport.Parse("2024-01-01T00:00:00Z FATAL image scan error", "trivy.json"));

        Assert.That(error.Message, Does.Contain("trivy.json is not valid JSON"));
    }

    [Test]
    public void Loading_a_missing_report_says_which_step_writes_it()
    {
        using var directory = new TempDirectory();

        var error = Assert.Throws<ReportFormatException>(() => TrivyReport.Load(directory.Combine("trivy.json")));

        Assert.That(error.Message, Does.Contain("trivy.json does not exist").And.Contain("run the step that writes it"));
    }

    [Test]
    public void A_report_without_results_has_no_vulnerabilities()
    {
        var report = TrivyReport.Parse("""{"SchemaVersion": 2, "ArtifactName": "clean"}""");

        Assert.That(report.Vulnerabilities, Is.Empty);
        Assert.That(report.CountBySeverity(), Is.Empty);
    }
}
