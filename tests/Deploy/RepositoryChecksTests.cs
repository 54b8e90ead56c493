using Build.Verification;

namespace Build.Tests.Deploy;

/// <summary>The checks Verify runs, on this repository's real deploy/ and .github/.</summary>
public sealed class RepositoryChecksTests
{
    private static IEnumerable<TestCaseData> Checks() =>
        RepositoryChecks.For(RepositoryFiles.Root, helmAvailable: false, sourceUrl: $"https://github.com/{RepositoryFiles.GitHubRepository()}")
            .Select((check, index) => new TestCaseData(index).SetArgDisplayNames($"{check.Name} #{index}"));

    [TestCaseSource(nameof(Checks))]
    public void The_repository_passes_the_check(int index)
    {
        var check = RepositoryChecks.For(RepositoryFiles.Root, helmAvailable: false, sourceUrl: $"https://github.com/{RepositoryFiles.GitHubRepository()}")[index];

        var result = check.Run();

        Assert.That(result.Findings.Select(finding => finding.ToString()), Is.Empty, result.Summary);
        Assert.That(result.Summary, Is.Not.Empty);
    }

    [Test]
    public void The_chart_check_reports_both_image_helpers_and_that_helm_did_not_run()
    {
        var result = new ChartCheck(RepositoryFiles.Root, RepositoryChecks.Chart, helmAvailable: false).Run();

        Assert.That(result.Summary, Does.Contain("rds-csi-driver 0.1.0, appVersion 0.1.0")
            .And.Contain("rds-csi-driver.driverImage, rds-csi-driver.image")
            .And.EndWith("helm lint not run (helm not installed); checked natively"));
    }

    [Test]
    public void The_yaml_check_parses_deploy_and_github_and_skips_only_the_chart_templates()
    {
        var templates = Directory.GetFiles(RepositoryFiles.PathOf("deploy/helm/rds-csi-driver/templates"), "*.yaml").Length;

        var result = new YamlCheck(RepositoryFiles.Root, RepositoryChecks.YamlRoots).Run();

        Assert.That(result.Summary, Does.Contain($"skipped {templates} Helm templates"));
    }
}
