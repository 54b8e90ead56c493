using Build.Configuration;
using Build.HelmRepository;
using Build.Tests.Support;

namespace Build.Tests.HelmRepository;

public sealed class HelmRepositorySettingsTests
{
    private static readonly GitHubSettings GitHub = new(new Uri("https://api.github.com/"), "3WhiskeyWhiskey", "rds-csi");
    private TempDirectory _working = null!;

    [SetUp]
    public void Create() => _working = new TempDirectory("helm-settings");

    [TearDown]
    public void Delete() => _working.Dispose();

    private HelmRepositorySettings Read(Dictionary<string, string> settings) => HelmRepositorySettings.Read(CakeContexts.Create(_working.Path, settings: settings), GitHub);

    [Test]
    public void Without_settings_the_repository_is_the_GitHub_Pages_site_of_the_GitHub_repository_on_gh_pages()
    {
        var settings = Read([]);

        Assert.That(settings, Is.EqualTo(new HelmRepositorySettings("https://3whiskeywhiskey.github.io/rds-csi", "gh-pages", null)));
    }

    [Test]
    public void Configured_values_are_read_from_the_Helm_section()
    {
        var settings = Read(new()
        {
            [HelmRepositorySettings.RepositoryKey] = "https://charts.example.com/rds/",
            [HelmRepositorySettings.BranchKey] = "site/pages",
            [HelmRepositorySettings.ArtifactHubRepositoryIdKey] = "0B2A7C1E-5D3F-4E8A-9C6B-1F2E3D4C5B6A",
        });

        Assert.That(settings, Is.EqualTo(new HelmRepositorySettings("https://charts.example.com/rds", "site/pages", "0b2a7c1e-5d3f-4e8a-9c6b-1f2e3d4c5b6a")));
    }

    [TestCase("http://3whiskeywhiskey.github.io/rds-csi")]
    [TestCase("oci://ghcr.io/3whiskeywhiskey")]
    [TestCase("3whiskeywhiskey.github.io/rds-csi")]
    [TestCase("https://user:secret@example.com/charts")]
    [TestCase("https://example.com/charts?x=1")]
    public void A_repository_that_is_not_a_plain_https_URL_is_refused_naming_the_setting(string repository)
    {
        var error = Assert.Throws<BuildConfigurationException>(() => Read(new() { [HelmRepositorySettings.RepositoryKey] = repository }))!;

        Assert.That(error.Message, Does.StartWith($"Helm_Repository ([Helm] Repository in cake.config) '{repository}' is not an https:// URL").And.Contain("https://3whiskeywhiskey.github.io/rds-csi"));
    }

    [TestCase("gh pages")]
    [TestCase("-pages")]
    [TestCase("gh..pages")]
    [TestCase("pages.lock")]
    [TestCase("pages/")]
    [TestCase(".pages")]
    [TestCase("pages~1")]
    [TestCase("pages@{1}")]
    public void A_branch_git_would_not_accept_is_refused(string branch)
    {
        var error = Assert.Throws<BuildConfigurationException>(() => Read(new() { [HelmRepositorySettings.BranchKey] = branch }))!;

        Assert.That(error.Message, Does.StartWith($"Helm_Branch ([Helm] Branch in cake.config) '{branch}' is not a valid git branch name"));
        Assert.That(Run.Process("git", ["check-ref-format", "--branch", branch], _working.Path).ExitCode, Is.Not.EqualTo(0), "git agrees");
    }

    [TestCase("gh-pages")]
    [TestCase("site/pages")]
    [TestCase("v1.2_pages")]
    public void A_branch_git_accepts_is_taken(string branch)
    {
        Assert.That(Read(new() { [HelmRepositorySettings.BranchKey] = branch }).Branch, Is.EqualTo(branch));
        Assert.That(Run.Process("git", ["check-ref-format", "--branch", branch], _working.Path).ExitCode, Is.EqualTo(0), "git agrees");
    }

    [Test]
    public void An_Artifact_Hub_id_that_is_not_a_UUID_is_refused()
    {
        var error = Assert.Throws<BuildConfigurationException>(() => Read(new() { [HelmRepositorySettings.ArtifactHubRepositoryIdKey] = "my-repo" }))!;

        Assert.That(error.Message, Does.StartWith("Helm_ArtifactHubRepositoryId ([Helm] ArtifactHubRepositoryId in cake.config) 'my-repo' is not an Artifact Hub repository id"));
    }
}
