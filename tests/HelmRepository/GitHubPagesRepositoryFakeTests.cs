using System.Text.Json;
using Build.HelmRepository;
using Build.Tests.Support;

namespace Build.Tests.HelmRepository;

/// <summary>The Pages branch's index through the Git Data API, against the in-process fake GitHub (a contract test).</summary>
public sealed class GitHubPagesRepositoryFakeTests
{
    private const string Branch = "gh-pages";
    private TempDirectory _temp = null!;
    private FakeGitHub _github = null!;
    private readonly List<string> _progress = [];

    [SetUp]
    public void Create()
    {
        _temp = new TempDirectory("helm-pages");
        _github = new FakeGitHub("acme", "rds-csi", "ghp_helmindex");
        _progress.Clear();
    }

    [TearDown]
    public void Delete()
    {
        _github.Dispose();
        _temp.Dispose();
    }

    private GitHubPagesRepository Repository(bool force = false, string? artifactHubId = null) => new(
        _github.Client(),
        "acme",
        "rds-csi",
        GitHubPagesRepository.WebBase(_github.BaseUri),
        new HelmRepositorySettings("https://acme.github.io/rds-csi", Branch, artifactHubId),
        force,
        _progress.Add);

    private static HelmChartRelease Release(string package, string version) => new(package, "v" + version, HelmCharts.CommitTime, []);

    private List<(string Version, string Digest, string Url)> PagesEntries() => LocalHelmRepositoryTests.Entries(_github.FileAt(Branch, "index.yaml")!, "rds-csi-sample");

    private string AssetUrl(string version) => $"{_github.BaseUri}acme/rds-csi/releases/download/v{version}/rds-csi-sample-{version}.tgz";

    [Test]
    public async Task A_missing_branch_is_created_as_an_orphan_commit_whose_index_lists_the_release_asset()
    {
        var package = HelmCharts.Package(_temp.Path, "1.2.3");

        var update = await Repository().AddAsync(Release(package, "1.2.3"));

        var head = _github.Head(Branch)!;
        Assert.That(update.Commit, Is.EqualTo(head.Sha));
        Assert.That(head.Parents, Is.Empty, "an orphan commit");
        Assert.That(PagesEntries(), Is.EqualTo(new[] { ("1.2.3", HelmCharts.Sha256Sum(package), AssetUrl("1.2.3")) }));
        Assert.That(_github.RequestLines, Has.Some.EqualTo("POST /api/v3/repos/acme/rds-csi/git/refs"));
    }

    [Test]
    public async Task A_new_version_is_committed_on_the_head_as_its_parent_with_a_ref_update_that_is_not_forced_and_other_files_kept()
    {
        var parent = _github.CommitFiles(Branch, new Dictionary<string, string> { ["README.md"] = "pages\n" }, "pages");
        var package = HelmCharts.Package(_temp.Path, "1.2.3");

        var update = await Repository().AddAsync(Release(package, "1.2.3"));

        var head = _github.Head(Branch)!;
        Assert.That(head.Sha, Is.EqualTo(update.Commit));
        Assert.That(head.Parents, Is.EqualTo(new[] { parent }));
        Assert.That(head.Message, Does.Contain("rds-csi-sample 1.2.3"));
        Assert.That(_github.FileAt(Branch, "README.md"), Is.EqualTo("pages\n"), "the tree is based on the head's");
        var patch = _github.Requests.Single(request => request.Method == "PATCH");
        Assert.That(patch.PathAndQuery, Is.EqualTo("/api/v3/repos/acme/rds-csi/git/refs/heads/gh-pages"));
        Assert.That(JsonDocument.Parse(patch.Body!).RootElement.GetProperty("force").GetBoolean(), Is.False);
        Assert.That(PagesEntries().Single().Digest, Is.EqualTo(HelmCharts.Sha256Sum(package)));
    }

    [Test]
    public async Task A_rerun_of_a_finished_release_makes_no_commit_and_sends_no_write()
    {
        var package = HelmCharts.Package(_temp.Path, "1.2.3");
        await Repository().AddAsync(Release(package, "1.2.3"));
        var head = _github.Head(Branch)!.Sha;
        _github.ClearRequests();

        var again = await Repository().AddAsync(Release(package, "1.2.3"));

        Assert.That(again.Change, Is.EqualTo(IndexChange.Unchanged));
        Assert.That(again.Commit, Is.Null);
        Assert.That(_github.Head(Branch)!.Sha, Is.EqualTo(head));
        Assert.That(_github.Requests.Where(request => request.Method != "GET"), Is.Empty);
    }

    [Test]
    public async Task A_concurrent_update_between_reading_and_moving_the_branch_is_read_again_merged_and_committed_on_top_of_it()
    {
        var older = HelmCharts.Package(_temp.Path, "1.2.3");
        await Repository().AddAsync(Release(older, "1.2.3"));
        var newer = HelmCharts.Package(_temp.Path, "1.3.0");
        var patch = HelmCharts.Package(_temp.Path, "1.2.4");
        string? concurrent = null;
        _github.BeforeNextRefUpdate(() =>
        {
            // Another release (1.2.4) lands between this run's read and its ref update.
            var index = HelmIndex.Parse(_github.FileAt(Branch, "index.yaml")!, "index.yaml");
            index.Add(HelmIndexEntry.FromPackage(patch, AssetUrl("1.2.4"), HelmCharts.CommitTime), force: false);
            concurrent = _github.CommitFiles(Branch, new Dictionary<string, string> { ["index.yaml"] = index.ToYaml() }, "another release");
        });

        var update = await Repository().AddAsync(Release(newer, "1.3.0"));

        Assert.That(_github.Requests.Count(request => request.Method == "PATCH"), Is.EqualTo(2), "refused once as not a fast forward, then accepted");
        Assert.That(_github.Head(Branch)!.Parents, Is.EqualTo(new[] { concurrent }), "committed on top of the concurrent commit");
        Assert.That(update.Commit, Is.EqualTo(_github.Head(Branch)!.Sha));
        Assert.That(PagesEntries().Select(entry => entry.Version), Is.EqualTo(new[] { "1.3.0", "1.2.4", "1.2.3" }), "both kept");
        Assert.That(_progress, Has.Some.Contains("moved while rds-csi-sample 1.3.0 was being added"));
    }

    [Test]
    public async Task A_branch_that_moves_under_every_attempt_fails_after_a_bounded_number_of_attempts_and_is_never_forced()
    {
        var package = HelmCharts.Package(_temp.Path, "1.2.3");
        var moves = 0;
        void Move()
        {
            moves++;
            _github.CommitFiles(Branch, new Dictionary<string, string> { ["README.md"] = $"move {moves}\n" }, "another writer");
            _github.BeforeNextRefUpdate(Move);
        }

        _github.CommitFiles(Branch, new Dictionary<string, string> { ["README.md"] = "pages\n" }, "pages");
        _github.BeforeNextRefUpdate(Move);

        var failure = (await Assert.ThrowsAsync<HelmRepositoryException>(() => Repository().AddAsync(Release(package, "1.2.3"))))!;

        Assert.That(failure.Message, Does.Contain($"acme/rds-csi@gh-pages moved under every one of {GitHubPagesRepository.Attempts} attempts"));
        Assert.That(moves, Is.EqualTo(GitHubPagesRepository.Attempts));
        Assert.That(_github.FileAt(Branch, "index.yaml"), Is.Null, "the other writer's commits stay; nothing was forced over them");
        Assert.That(_github.Requests.Where(request => request.Method == "PATCH").Select(request => JsonDocument.Parse(request.Body!).RootElement.GetProperty("force").GetBoolean()), Is.All.False);
    }

    [Test]
    public async Task A_token_that_may_not_write_gets_a_clear_error_that_names_the_permission_and_not_the_token()
    {
        var package = HelmCharts.Package(_temp.Path, "1.2.3");
        _github.FailOnce("POST", "/api/v3/repos/acme/rds-csi/git/blobs", 403);

        var failure = (await Assert.ThrowsAsync<HelmRepositoryException>(() => Repository().AddAsync(Release(package, "1.2.3"))))!;

        Assert.That(failure.Message, Does.Contain("HTTP 403").And.Contain("contents: write").And.Not.Contain(_github.Token));
        Assert.That(failure.IsTransient, Is.False);
        Assert.That(_github.Head(Branch), Is.Null);
    }

    [Test]
    public async Task Another_digest_for_a_published_version_is_refused_with_both_digests_and_nothing_is_committed()
    {
        var first = HelmCharts.Package(_temp.Path, "1.2.3");
        await Repository().AddAsync(Release(first, "1.2.3"));
        var head = _github.Head(Branch)!.Sha;
        var other = HelmCharts.Package(_temp.Path, "1.2.3", HelmCharts.CommitTime.AddHours(1));

        var refusal = (await Assert.ThrowsAsync<HelmRepositoryException>(() => Repository().AddAsync(Release(other, "1.2.3"))))!;

        Assert.That(refusal.Message, Does.Contain("rds-csi-sample 1.2.3").And.Contain(HelmCharts.Sha256Sum(first)).And.Contain(HelmCharts.Sha256Sum(other)).And.Contain("--force"));
        Assert.That(_github.Head(Branch)!.Sha, Is.EqualTo(head));
        Assert.That(PagesEntries().Single().Digest, Is.EqualTo(HelmCharts.Sha256Sum(first)));
    }

    [Test]
    public async Task Artifact_Hub_metadata_is_committed_when_a_repository_id_is_configured_and_then_kept()
    {
        var package = HelmCharts.Package(_temp.Path, "1.2.3");
        await Repository().AddAsync(Release(package, "1.2.3"));
        Assert.That(_github.FileAt(Branch, "artifacthub-repo.yml"), Is.Null);

        await Repository(artifactHubId: "0b2a7c1e-5d3f-4e8a-9c6b-1f2e3d4c5b6a").AddAsync(Release(package, "1.2.3"));
        var head = _github.Head(Branch)!.Sha;
        await Repository(artifactHubId: "0b2a7c1e-5d3f-4e8a-9c6b-1f2e3d4c5b6a").AddAsync(Release(package, "1.2.3"));

        Assert.That(_github.FileAt(Branch, "artifacthub-repo.yml"), Does.Contain("repositoryID: 0b2a7c1e-5d3f-4e8a-9c6b-1f2e3d4c5b6a"));
        Assert.That(_github.Head(Branch)!.Sha, Is.EqualTo(head), "an unchanged file makes no commit");
    }

    [Test]
    public async Task Verify_reads_the_index_from_the_branch_and_checks_the_digest_and_the_release_asset_url()
    {
        var package = HelmCharts.Package(_temp.Path, "1.2.3");
        await Repository().AddAsync(Release(package, "1.2.3"));
        var lines = new List<string>();

        await Repository().VerifyAsync("rds-csi-sample", "1.2.3", package, lines.Add);

        Assert.That(lines, Has.Some.Contains("index.yaml on acme/rds-csi@gh-pages").And.Some.Contains("its URL is the release asset " + AssetUrl("1.2.3")));
        var other = HelmCharts.Package(_temp.Path, "1.2.3", HelmCharts.CommitTime.AddHours(1));
        var failure = (await Assert.ThrowsAsync<HelmRepositoryException>(() => Repository().VerifyAsync("rds-csi-sample", "1.2.3", other, lines.Add)))!;
        Assert.That(failure.Message, Does.Contain(HelmCharts.Sha256Sum(other)));
    }
}
