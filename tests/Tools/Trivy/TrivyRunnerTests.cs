using Build.Tests.Support;
using Build.Tools;
using Build.Tools.Trivy;

namespace Build.Tests.Tools.Trivy;

public sealed class TrivyRunnerTests
{
    private const string Image = "ghcr.io/3whiskeywhiskey/rds-csi@sha256:e583dc0e018fc11d659da7d1957c60ad8a523eafc142a9de391516eb45594e6f";

    [Test]
    public void The_SARIF_scan_reports_critical_and_high_vulnerabilities()
    {
        var settings = new TrivyImageSettings { Format = TrivyFormat.Sarif, Output = "/out/trivy.sarif" };
        settings.Severities.Add("CRITICAL");
        settings.Severities.Add("HIGH");

        Assert.That(TrivyRunner.BuildArguments(Image, settings).RenderSafe(), Is.EqualTo(
            $"image --format sarif --output \"/out/trivy.sarif\" --severity CRITICAL,HIGH --scanners vuln \"{Image}\""));
    }

    [Test]
    public void The_gate_scan_writes_JSON_with_every_gate_option()
    {
        var settings = new TrivyImageSettings
        {
            Output = "/out/trivy.json",
            IgnoreUnfixed = true,
            IgnoreFile = "/repo/.trivyignore",
            ExitCode = 1,
            Platform = "linux/amd64",
            SkipDatabaseUpdate = true,
            CacheDirectory = "/cache/trivy",
            Insecure = true,
        };
        settings.Severities.Add("CRITICAL");

        Assert.That(TrivyRunner.BuildArguments(Image, settings).RenderSafe(), Is.EqualTo(
            "image --format json --output \"/out/trivy.json\" --severity CRITICAL --ignore-unfixed --ignorefile \"/repo/.trivyignore\" --exit-code 1 "
            + $"--platform \"linux/amd64\" --scanners vuln --skip-db-update --cache-dir \"/cache/trivy\" --insecure \"{Image}\""));
    }

    [Test]
    public void Severities_are_written_in_capitals_most_severe_first()
    {
        var settings = new TrivyImageSettings { VulnerabilitiesOnly = false };
        settings.Severities.Add("high");
        settings.Severities.Add("critical");

        Assert.That(TrivyRunner.BuildArguments(Image, settings).RenderSafe(), Is.EqualTo($"image --format json --severity CRITICAL,HIGH \"{Image}\""));
    }

    [Test]
    public void An_unknown_severity_is_refused_naming_it()
    {
        var settings = new TrivyImageSettings();
        settings.Severities.Add("SEVERE");

        var error = Assert.Throws<ArgumentException>(() => TrivyRunner.BuildArguments(Image, settings));

        Assert.That(error.Message, Does.Contain("'SEVERE' is not a severity"));
    }

    [Test]
    public void Registry_credentials_go_to_trivys_environment_never_into_the_arguments()
    {
        var settings = new TrivyImageSettings { RegistryUsername = "bot", RegistryPassword = "ghp_notreal" };

        Assert.That(TrivyRunner.BuildArguments(Image, settings).Render(), Does.Not.Contain("ghp_notreal").And.Not.Contain("bot"));
        Assert.That(TrivyRunner.BuildEnvironment(settings), Is.EqualTo(new Dictionary<string, string> { ["TRIVY_USERNAME"] = "bot", ["TRIVY_PASSWORD"] = "ghp_notreal" }));
    }

    [Test]
    public void Trivy_is_reported_missing_when_it_is_not_on_PATH()
    {
        using var emptyPath = new TempDirectory();

        Assert.That(FakeTool.ContextWithoutTools(emptyPath).TrivyRunner().Locate(), Is.Null);
    }

    [Test]
    public void Fake_trivy_exiting_with_the_requested_exit_code_means_vulnerabilities_found()
    {
        using var work = new TempDirectory();
        using var trivy = new FakeTool("trivy", "echo 'Total: 2 (CRITICAL: 2)'\nexit 1\n");

        var result = trivy.Context(work.Path).TrivyImage(Image, new TrivyImageSettings { ExitCode = 1, Output = work.Combine("trivy.json") });

        Assert.That(result.VulnerabilitiesFound, Is.True);
        Assert.That(result.Report?.FullPath, Is.EqualTo(work.Combine("trivy.json")));
    }

    [Test]
    public void Fake_trivy_failing_otherwise_throws_with_its_error()
    {
        using var work = new TempDirectory();
        using var trivy = new FakeTool("trivy", "echo 'FATAL\tinit error: DB error: failed to download vulnerability DB' >&2\nexit 2\n");

        var error = Assert.Throws<ToolFailedException>(() => trivy.Context(work.Path).TrivyImage(Image, new TrivyImageSettings { ExitCode = 1 }));

        Assert.That(error.Message, Does.Contain("trivy image " + Image).And.Contain("failed to download vulnerability DB"));
    }

    [Test]
    public void Fake_trivy_exiting_zero_found_nothing()
    {
        using var work = new TempDirectory();
        using var trivy = new FakeTool("trivy", "exit 0\n");

        Assert.That(trivy.Context(work.Path).TrivyImage(Image, new TrivyImageSettings { ExitCode = 1 }).VulnerabilitiesFound, Is.False);
    }
}
