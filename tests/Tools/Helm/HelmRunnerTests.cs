using Build.Tests.Support;
using Build.Tools.Helm;

namespace Build.Tests.Tools.Helm;

public sealed class HelmRunnerTests
{
    [Test]
    public void Lint_can_be_strict_with_extra_values()
    {
        var settings = new HelmLintSettings { Strict = true };
        settings.ValuesFiles.Add("/repo/ci/values-rehearsal.yaml");

        Assert.That(HelmRunner.BuildArguments(new Cake.Core.IO.DirectoryPath("/repo/deploy/helm/rds-csi"), settings).RenderSafe(), Is.EqualTo(
            "lint \"/repo/deploy/helm/rds-csi\" --strict --values \"/repo/ci/values-rehearsal.yaml\""));
    }

    [Test]
    public void Package_sets_chart_and_app_version_and_the_destination()
    {
        var settings = new HelmPackageSettings { Version = "1.2.3-rc.1", AppVersion = "1.2.3-rc.1", Destination = "/out/charts" };

        Assert.That(HelmRunner.BuildArguments(new Cake.Core.IO.DirectoryPath("/repo/deploy/helm/rds-csi"), settings).RenderSafe(), Is.EqualTo(
            "package \"/repo/deploy/helm/rds-csi\" --version \"1.2.3-rc.1\" --app-version \"1.2.3-rc.1\" --destination \"/out/charts\""));
    }

    [Test]
    public void Push_to_the_loopback_registry_uses_plain_http()
    {
        var arguments = HelmRunner.BuildArguments(new Cake.Core.IO.FilePath("/out/charts/rds-csi-1.2.3.tgz"), "oci://127.0.0.1:5959/charts", new HelmPushSettings { PlainHttp = true });

        Assert.That(arguments.RenderSafe(), Is.EqualTo("push \"/out/charts/rds-csi-1.2.3.tgz\" \"oci://127.0.0.1:5959/charts\" --plain-http"));
    }

    [Test]
    public void Push_to_a_test_registry_can_skip_TLS_verification()
    {
        var arguments = HelmRunner.BuildArguments(new Cake.Core.IO.FilePath("/out/rds-csi-1.2.3.tgz"), "oci://ghcr.io/3whiskeywhiskey/charts", new HelmPushSettings { InsecureSkipTlsVerify = true });

        Assert.That(arguments.RenderSafe(), Is.EqualTo("push \"/out/rds-csi-1.2.3.tgz\" \"oci://ghcr.io/3whiskeywhiskey/charts\" --insecure-skip-tls-verify"));
    }

    [Test]
    public void Push_to_a_remote_without_oci_scheme_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            HelmRunner.BuildArguments(new Cake.Core.IO.FilePath("/out/rds-csi-1.2.3.tgz"), "ghcr.io/3whiskeywhiskey/charts", new HelmPushSettings()));

        Assert.That(error.Message, Does.Contain("oci://REGISTRY/NAMESPACE").And.Contain("'ghcr.io/3whiskeywhiskey/charts'"));
    }

    [Test]
    public void Helm_is_reported_missing_when_it_is_not_on_PATH()
    {
        using var emptyPath = new TempDirectory();

        Assert.That(FakeTool.ContextWithoutTools(emptyPath).HelmRunner().Locate(), Is.Null);
    }

    [Test]
    public void Push_returns_the_digest_a_fake_helm_prints_on_stderr()
    {
        using var work = new TempDirectory();
        var output = work.Write("push.txt", Scanning.Samples.Read("helm/push.txt"));
        using var helm = new FakeTool("helm", $"cat '{output}' >&2\n");

        var pushed = helm.Context(work.Path).HelmPush(work.Combine("mychart-0.1.0.tgz"), "oci://localhost:5000/helm-charts", new HelmPushSettings { PlainHttp = true });

        Assert.That(pushed.Digest, Is.EqualTo("sha256:ec5f08ee7be8b557cd1fc5ae1a0ac985e8538da7c93f51a51eff4b277509a723"));
    }

    [Test]
    public void A_failing_lint_from_a_fake_helm_is_a_report_not_an_exception()
    {
        using var work = new TempDirectory();
        var output = work.Write("lint.txt", Scanning.Samples.Read("helm/lint-chart-with-bad-subcharts.txt"));
        using var helm = new FakeTool("helm", $"cat '{output}'\nexit 1\n");

        var report = helm.Context(work.Path).HelmLint(work.Path, new HelmLintSettings());

        Assert.That(report.Passed, Is.False);
        Assert.That(report.Errors.Single().Text, Does.StartWith(": unable to load chart"));
    }
}
