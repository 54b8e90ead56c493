using Build.Configuration;
using Build.HelmRepository;
using Build.Images;
using Build.Tasks;
using Build.Tests.HelmRepository;
using Build.Tests.Support;

namespace Build.Tests.Tasks;

/// <summary>HelmIndex on an in-memory context: the mode's repository (the folder, or the fake GitHub's Pages branch) gets this run's chart.</summary>
public sealed class HelmIndexTaskTests
{
    private TempDirectory _working = null!;

    [SetUp]
    public void SetUp() => _working = new TempDirectory();

    [TearDown]
    public void TearDown() => _working.Dispose();

    private BuildContext Context(RecordingLog log, Func<BuildOptions, BuildOptions>? change = null)
    {
        var cake = CakeContexts.Create(_working.Path, environment: new Dictionary<string, string?> { ["GITHUB_ACTIONS"] = null, ["GITHUB_REF"] = null, ["GITHUB_TOKEN"] = null, ["PATH"] = _working.Path }, log: log);
        var context = new BuildContext(cake, (change ?? (options => options))(BuildOptions.Read(cake)));
        context.UsePlan(BuildPlan.Of(typeof(HelmIndexTask)));
        var package = HelmCharts.Package(_working.Combine("artifacts", "chart"), "1.2.3");
        context.Results.Version.Set(InMemoryContexts.Version);
        context.Results.Chart.Set(new ChartArtifact(package, package + ".sig", "rds-csi-sample", "1.2.3", "127.0.0.1:5000/acme/rds-csi-sample:1.2.3", "sha256:" + new string('4', 64)));
        return context;
    }

    [Test]
    public void A_rehearsal_adds_the_packaged_chart_to_artifacts_helm_repo_and_says_how_to_add_the_repository()
    {
        var log = new RecordingLog();
        var context = Context(log);

        new HelmIndexTask().RunAsync(context).GetAwaiter().GetResult();

        var index = _working.Combine("artifacts", "helm-repo", "index.yaml");
        Assert.That(context.Options.Layout.HelmRepository.FullPath, Is.EqualTo(_working.Combine("artifacts", "helm-repo")));
        var entry = LocalHelmRepositoryTests.Entries(File.ReadAllText(index), "rds-csi-sample").Single();
        Assert.That(entry, Is.EqualTo(("1.2.3", HelmCharts.Sha256Sum(_working.Combine("artifacts", "helm-repo", "rds-csi-sample-1.2.3.tgz")), "rds-csi-sample-1.2.3.tgz")));
        Assert.That(log.Text, Does.Contain($"Helm repository: added rds-csi-sample 1.2.3 to {index} (sha256 {entry.Digest})"));
        Assert.That(log.Text, Does.Contain($"Users add it with: serve the folder (python3 -m http.server --bind 127.0.0.1 8879 -d {_working.Combine("artifacts", "helm-repo")}), then: helm repo add rds-csi http://127.0.0.1:8879"));
    }

    [Test]
    public void Publish_mode_commits_the_index_to_the_Pages_branch_with_the_release_asset_url_FakeGitHub()
    {
        using var github = new FakeGitHub("acme", "rds-csi", "ghp_FakeToken0123456789abcdefABCDEF0123");
        var log = new RecordingLog();
        var context = Context(log, options => options with
        {
            Mode = ReleaseMode.Publish,
            GitHub = new GitHubSettings(github.BaseUri, github.Owner, github.Repository),
            Secrets = options.Secrets with { GitHubToken = github.Token },
        });

        new HelmIndexTask().RunAsync(context).GetAwaiter().GetResult();

        var entry = LocalHelmRepositoryTests.Entries(github.FileAt("gh-pages", "index.yaml")!, "rds-csi-sample").Single();
        Assert.That(entry.Url, Is.EqualTo($"{github.BaseUri}acme/rds-csi/releases/download/v1.2.3/rds-csi-sample-1.2.3.tgz"));
        Assert.That(log.Text, Does.Contain("GitHub Pages: Committed index.yaml to acme/rds-csi@gh-pages"));
        Assert.That(log.Text, Does.Contain("Users add it with: helm repo add rds-csi https://3whiskeywhiskey.github.io/rds-csi"));
        Assert.That(github.Requests.Select(request => request.Authorization).Distinct(), Is.EqualTo(new[] { "Bearer " + github.Token }));
        Assert.That(log.Text, Does.Not.Contain(github.Token));
    }

    [Test]
    public void A_transient_GitHub_failure_is_retried_from_a_fresh_read_FakeGitHub()
    {
        using var github = new FakeGitHub("acme", "rds-csi", "ghp_FakeToken0123456789abcdefABCDEF0123");
        github.FailOnce("POST", "/api/v3/repos/acme/rds-csi/git/commits", 502);
        var log = new RecordingLog();
        var context = Context(log, options => options with
        {
            Mode = ReleaseMode.Publish,
            GitHub = new GitHubSettings(github.BaseUri, github.Owner, github.Repository),
            Secrets = options.Secrets with { GitHubToken = github.Token },
            RetrySettings = new Build.Resilience.RetrySettings(2, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(10)),
        });

        new HelmIndexTask().RunAsync(context).GetAwaiter().GetResult();

        Assert.That(github.RequestLines.Count(line => line == "POST /api/v3/repos/acme/rds-csi/git/commits"), Is.EqualTo(2));
        Assert.That(github.History("gh-pages"), Has.Count.EqualTo(1));
        Assert.That(log.Text, Does.Contain("HTTP 502"));
    }

    [Test]
    public void Publish_mode_needs_GITHUB_TOKEN_and_a_rehearsal_does_not()
    {
        var rehearsal = Context(new RecordingLog());
        var publish = Context(new RecordingLog(), options => options with { Mode = ReleaseMode.Publish });

        Assert.That(new HelmIndexTask().Needs(rehearsal).Secrets, Is.Empty);
        var need = new HelmIndexTask().Needs(publish).Secrets.Single();
        Assert.That(need.IsSet, Is.False);
        Assert.That(need.Variable, Is.EqualTo("GITHUB_TOKEN"));
    }
}
