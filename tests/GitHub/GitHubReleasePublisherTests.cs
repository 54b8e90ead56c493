using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Build.GitHub;
using Build.Registry;
using Build.Tests.Support;

namespace Build.Tests.GitHub;

/// <summary>
/// The publisher through Octokit against <see cref="FakeGitHub"/>, an in-process stand-in that speaks the GitHub release
/// endpoints used here (hence every name ends in _Contract); the exact request sequence is what these tests pin down.
/// </summary>
public sealed class GitHubReleasePublisherTests
{
    private const string Owner = "acme";
    private const string Repository = "rds-csi";
    private const string Token = "ghp_NeverShowThis0123456789abcdefABCDEF";
    private const string Tag = "v1.2.3";
    private const string Notes = "## [1.2.3] - 2026-01-02\n\n- Fixed volume expansion.\n";
    private const string Chart = "rds-csi-1.2.3.tgz";
    private const string Sbom = "rds-csi.spdx.json";
    private const string Manifest = "controller.yaml";
    private const string Sums = "SHA256SUMS";
    private static readonly string[] AssetNames = [Chart, Sbom, Manifest, Sums];

    /// <summary>The local files of a release: a binary chart (bytes that are not UTF-8), JSON, YAML and text.</summary>
    private sealed class ReleaseFiles : IDisposable
    {
        private readonly TempDirectory _directory = new("github-release");

        public ReleaseFiles()
        {
            var chart = new byte[70_000];
            new Random(7).NextBytes(chart);
            chart[0] = 0x1f;
            chart[1] = 0x8b;
            chart[2] = 0xff;
            File.WriteAllBytes(_directory.Combine(Chart), chart);
            _directory.Write(Sbom, """{"spdxVersion":"SPDX-2.3","name":"rds-csi"}""");
            _directory.Write(Manifest, "apiVersion: apps/v1\nkind: Deployment\n");
            _directory.Write(Sums, "abc  rds-csi-1.2.3.tgz\n");
        }

        public IReadOnlyList<ReleaseAsset> Assets => [.. AssetNames.Select(name => new ReleaseAsset(name, _directory.Combine(name)))];

        public byte[] Bytes(string name) => File.ReadAllBytes(_directory.Combine(name));

        public string Directory => _directory.Path;

        public void Dispose() => _directory.Dispose();
    }

    private sealed class Lines : IProgress<string>
    {
        public List<string> Reported { get; } = [];

        public void Report(string value) => Reported.Add(value);
    }

    private static ReleaseRequest Request(ReleaseFiles files, string tag = Tag, bool prerelease = false, bool force = false, string notes = Notes) =>
        new(Owner, Repository, tag, tag, notes, prerelease, files.Assets, force);

    private static FakeGitHub NewFake()
    {
        var fake = new FakeGitHub(Owner, Repository, Token);
        fake.AddTag(Tag);
        return fake;
    }

    /// <summary>A published release with every asset identical to <paramref name="files"/> and the same notes.</summary>
    private static FakeGitHubRelease Finished(FakeGitHub fake, ReleaseFiles files)
    {
        var release = fake.AddRelease(Tag, draft: false, body: Notes);
        foreach (var name in AssetNames)
        {
            fake.AddAsset(release, name, files.Bytes(name));
        }

        return release;
    }

    private static string Upload(FakeGitHub fake, long releaseId, string name) => $"POST {fake.UploadPath}/releases/{releaseId}/assets?name={name}";

    [Test]
    public async Task A_new_release_is_created_as_a_draft_filled_and_then_published_Contract()
    {
        using var files = new ReleaseFiles();
        using var fake = NewFake();
        using var publisher = new GitHubReleasePublisher(fake.Client());

        var outcome = await publisher.PublishAsync(Request(files));

        var api = fake.RepositoryPath;
        var release = fake.Release(Tag);
        Assert.That(fake.RequestLines, Is.EqualTo(new[]
        {
            $"GET {api}/releases?per_page=100",
            $"POST {api}/releases",
            Upload(fake, release.Id, Chart),
            Upload(fake, release.Id, Sbom),
            Upload(fake, release.Id, Manifest),
            Upload(fake, release.Id, Sums),
            $"GET {api}/git/ref/tags/{Tag}",
            $"PATCH {api}/releases/{release.Id}",
        }));
        using var created = JsonDocument.Parse(fake.Requests[1].Body!);
        Assert.That(created.RootElement.GetProperty("tag_name").GetString(), Is.EqualTo(Tag));
        Assert.That(created.RootElement.GetProperty("name").GetString(), Is.EqualTo(Tag));
        Assert.That(created.RootElement.GetProperty("body").GetString(), Is.EqualTo(Notes));
        Assert.That(created.RootElement.GetProperty("draft").GetBoolean(), Is.True, "created as a draft");
        Assert.That(created.RootElement.GetProperty("prerelease").GetBoolean(), Is.False);
        using var published = JsonDocument.Parse(fake.Requests[^1].Body!);
        Assert.That(published.RootElement.GetProperty("draft").GetBoolean(), Is.False);
        Assert.That(published.RootElement.TryGetProperty("body", out _), Is.False, "the notes are already right");

        Assert.That(release.Draft, Is.False);
        Assert.That(release.Assets.Select(asset => asset.Name), Is.EqualTo(AssetNames));
        foreach (var name in AssetNames)
        {
            Assert.That(release.Asset(name)!.Content, Is.EqualTo(files.Bytes(name)), name);
        }

        Assert.That(fake.Requests.Where(request => request.Method == "POST" && request.PathAndQuery.Contains("/assets?", StringComparison.Ordinal)).Select(request => request.ContentType),
            Is.EqualTo(new[] { "application/gzip", "application/json", "text/yaml", "application/octet-stream" }));
        Assert.That(fake.Requests.Select(request => request.Authorization), Has.All.EqualTo($"Token {Token}"));
        Assert.That(outcome.ReleaseId, Is.EqualTo(release.Id));
        Assert.That(outcome.Created, Is.True);
        Assert.That(outcome.Published, Is.True);
        Assert.That(outcome.ChangedNothing, Is.False);
        Assert.That(outcome.Uploaded, Is.EqualTo(AssetNames));
        Assert.That(outcome.AlreadyPresent, Is.Empty);
        Assert.That(outcome.Replaced, Is.Empty);
        Assert.That(outcome.HtmlUrl, Is.EqualTo($"{fake.BaseUri}{Owner}/{Repository}/releases/tag/{Tag}"));
    }

    [Test]
    public async Task A_finished_release_run_again_sends_only_GETs_and_says_nothing_changed_Contract()
    {
        using var files = new ReleaseFiles();
        using var fake = NewFake();
        using var publisher = new GitHubReleasePublisher(fake.Client());
        await publisher.PublishAsync(Request(files));
        fake.ClearRequests();
        var progress = new Lines();

        var outcome = await publisher.PublishAsync(Request(files), progress);

        var release = fake.Release(Tag);
        Assert.That(fake.RequestLines, Is.EqualTo(new[]
        {
            $"GET {fake.RepositoryPath}/releases?per_page=100",
            $"GET {fake.RepositoryPath}/releases/{release.Id}/assets?per_page=100",
        }));
        Assert.That(outcome.ChangedNothing, Is.True);
        Assert.That(outcome.Created || outcome.Published, Is.False);
        Assert.That(outcome.AlreadyPresent, Is.EqualTo(AssetNames));
        Assert.That(outcome.Uploaded.Concat(outcome.Replaced), Is.Empty);
        Assert.That(progress.Reported[^1], Does.Contain("nothing changed"));
    }

    [Test]
    public async Task An_upload_that_fails_half_way_leaves_a_draft_that_the_next_run_completes_Contract()
    {
        using var files = new ReleaseFiles();
        using var fake = NewFake();
        using var publisher = new GitHubReleasePublisher(fake.Client());
        fake.FailUploadOnce(Sbom, 500);

        var failure = await Assert.ThrowsAsync<GitHubReleaseException>(() => publisher.PublishAsync(Request(files)));

        Assert.That(failure.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        Assert.That(failure.IsTransient, Is.True);
        Assert.That(failure.Message, Does.Contain($"Uploading asset {Sbom} to release {Tag} of {Owner}/{Repository} (the release stays a draft) failed: GitHub answered HTTP 500"));
        Assert.That(failure.Message, Does.Contain("run again"));
        var release = fake.Release(Tag);
        Assert.That(release.Draft, Is.True);
        Assert.That(release.Assets.Select(asset => asset.Name), Is.EqualTo(new[] { Chart }));

        fake.ClearRequests();
        var outcome = await publisher.PublishAsync(Request(files));

        var api = fake.RepositoryPath;
        Assert.That(fake.RequestLines, Is.EqualTo(new[]
        {
            $"GET {api}/releases?per_page=100",
            $"GET {api}/releases/{release.Id}/assets?per_page=100",
            Upload(fake, release.Id, Sbom),
            Upload(fake, release.Id, Manifest),
            Upload(fake, release.Id, Sums),
            $"GET {api}/git/ref/tags/{Tag}",
            $"PATCH {api}/releases/{release.Id}",
        }));
        Assert.That(outcome.Created, Is.False);
        Assert.That(outcome.Published, Is.True);
        Assert.That(outcome.AlreadyPresent, Is.EqualTo(new[] { Chart }));
        Assert.That(outcome.Uploaded, Is.EqualTo(new[] { Sbom, Manifest, Sums }));
        Assert.That(release.Draft, Is.False);
        Assert.That(release.Assets.Select(asset => asset.Name), Is.EquivalentTo(AssetNames));
    }

    [Test]
    public async Task What_an_interrupted_upload_left_is_deleted_and_uploaded_again_without_force_Contract()
    {
        using var files = new ReleaseFiles();
        using var fake = NewFake();
        using var publisher = new GitHubReleasePublisher(fake.Client());
        fake.FailUploadOnce(Sbom, 502, leaveStarter: true);
        var failure = await Assert.ThrowsAsync<GitHubReleaseException>(() => publisher.PublishAsync(Request(files)));
        Assert.That(failure.StatusCode, Is.EqualTo(HttpStatusCode.BadGateway));
        var release = fake.Release(Tag);
        var leftover = release.Asset(Sbom)!;
        Assert.That(leftover.State, Is.EqualTo(FakeGitHub.Starter));
        fake.ClearRequests();

        var outcome = await publisher.PublishAsync(Request(files));

        Assert.That(fake.RequestLines, Does.Contain($"DELETE {fake.RepositoryPath}/releases/assets/{leftover.Id}"));
        Assert.That(fake.RequestLines.ToList().IndexOf($"DELETE {fake.RepositoryPath}/releases/assets/{leftover.Id}"),
            Is.EqualTo(fake.RequestLines.ToList().IndexOf(Upload(fake, release.Id, Sbom)) - 1), "deleted just before the upload");
        Assert.That(outcome.Uploaded, Is.EqualTo(new[] { Sbom, Manifest, Sums }));
        Assert.That(outcome.Replaced, Is.Empty, "a leftover is not a different asset");
        Assert.That(release.Asset(Sbom)!.Content, Is.EqualTo(files.Bytes(Sbom)));
        Assert.That(release.Draft, Is.False);
    }

    [Test]
    public async Task A_different_asset_already_there_is_refused_naming_both_digests_and_nothing_is_written_Contract()
    {
        using var files = new ReleaseFiles();
        using var fake = NewFake();
        var release = Finished(fake, files);
        var other = Encoding.UTF8.GetBytes("a chart from another build");
        release.Assets.Remove(release.Asset(Chart)!);
        fake.AddAsset(release, Chart, other);
        using var publisher = new GitHubReleasePublisher(fake.Client());

        var refusal = await Assert.ThrowsAsync<GitHubReleaseException>(() => publisher.PublishAsync(Request(files)));

        Assert.That(refusal.IsRefusal, Is.True);
        Assert.That(refusal.IsTransient, Is.False);
        Assert.That(refusal.StatusCode, Is.Null);
        Assert.That(refusal.Message, Does.Contain($"The published release {Tag} of {Owner}/{Repository} differs from what this build would publish, so nothing was changed"));
        Assert.That(refusal.Message, Does.Contain($"asset {Chart}: GitHub has {OciDigest.Sha256(other)} ({other.Length} bytes), this build made {OciDigest.Sha256(files.Bytes(Chart))} ({files.Bytes(Chart).Length} bytes)"));
        Assert.That(refusal.Message, Does.Contain("--force"));
        Assert.That(fake.Requests.Select(request => request.Method), Has.All.EqualTo("GET"));
        Assert.That(release.Asset(Chart)!.Content, Is.EqualTo(other));
    }

    [Test]
    public async Task With_force_a_different_asset_is_deleted_and_uploaded_again_Contract()
    {
        using var files = new ReleaseFiles();
        using var fake = NewFake();
        var release = Finished(fake, files);
        release.Assets.Remove(release.Asset(Chart)!);
        var old = fake.AddAsset(release, Chart, Encoding.UTF8.GetBytes("a chart from another build"));
        using var publisher = new GitHubReleasePublisher(fake.Client());

        var outcome = await publisher.PublishAsync(Request(files, force: true));

        Assert.That(fake.RequestLines, Is.EqualTo(new[]
        {
            $"GET {fake.RepositoryPath}/releases?per_page=100",
            $"GET {fake.RepositoryPath}/releases/{release.Id}/assets?per_page=100",
            $"DELETE {fake.RepositoryPath}/releases/assets/{old.Id}",
            Upload(fake, release.Id, Chart),
        }));
        Assert.That(outcome.Replaced, Is.EqualTo(new[] { Chart }));
        Assert.That(outcome.AlreadyPresent, Is.EqualTo(new[] { Sbom, Manifest, Sums }));
        Assert.That(outcome.Published, Is.False, "it already was");
        Assert.That(release.Asset(Chart)!.Content, Is.EqualTo(files.Bytes(Chart)));
    }

    [Test]
    public async Task Without_a_digest_from_GitHub_each_asset_is_downloaded_and_hashed_with_the_token_kept_from_the_storage_host_Contract()
    {
        using var files = new ReleaseFiles();
        using var fake = NewFake();
        var release = Finished(fake, files);
        fake.ReportsDigests = false;
        using var publisher = new GitHubReleasePublisher(fake.Client());

        var outcome = await publisher.PublishAsync(Request(files));

        Assert.That(outcome.ChangedNothing, Is.True);
        var expected = new List<string>
        {
            $"GET {fake.RepositoryPath}/releases?per_page=100",
            $"GET {fake.RepositoryPath}/releases/{release.Id}/assets?per_page=100",
        };
        foreach (var asset in release.Assets)
        {
            expected.Add($"GET {fake.RepositoryPath}/releases/assets/{asset.Id}");
            expected.Add($"GET /{Owner}/{Repository}/releases/download/{Tag}/{asset.Name}");
        }

        Assert.That(fake.RequestLines, Is.EqualTo(expected));
        var apiDownloads = fake.Requests.Where(request => request.PathAndQuery.Contains("/releases/assets/", StringComparison.Ordinal)).ToList();
        Assert.That(apiDownloads.Select(request => request.Accept), Has.All.EqualTo("application/octet-stream"));
        Assert.That(apiDownloads.Select(request => request.Authorization), Has.All.EqualTo($"Bearer {Token}"));
        Assert.That(fake.Requests.Where(request => request.PathAndQuery.Contains("/releases/download/", StringComparison.Ordinal)).Select(request => request.Authorization),
            Has.All.Null, "the redirect to the storage host does not carry the token");
    }

    [Test]
    public async Task A_prerelease_version_is_created_and_published_as_a_prerelease_Contract()
    {
        using var files = new ReleaseFiles();
        using var fake = NewFake();
        fake.AddTag("v1.3.0-rc.1");
        using var publisher = new GitHubReleasePublisher(fake.Client());

        await publisher.PublishAsync(Request(files, tag: "v1.3.0-rc.1", prerelease: true));

        using var created = JsonDocument.Parse(fake.Requests.Single(request => request.Line == $"POST {fake.RepositoryPath}/releases").Body!);
        Assert.That(created.RootElement.GetProperty("prerelease").GetBoolean(), Is.True);
        Assert.That(created.RootElement.GetProperty("draft").GetBoolean(), Is.True);
        var release = fake.Release("v1.3.0-rc.1");
        Assert.That(release.Prerelease, Is.True);
        Assert.That(release.Draft, Is.False);
    }

    [Test]
    public async Task A_draft_on_a_later_page_is_found_by_following_the_Link_headers_Contract()
    {
        using var files = new ReleaseFiles();
        using var fake = NewFake();
        fake.MaxPageSize = 2;
        var draft = fake.AddRelease(Tag, draft: true, body: Notes);
        foreach (var older in new[] { "v1.0.0", "v1.1.0", "v1.1.1", "v1.2.0" })
        {
            fake.AddRelease(older, draft: false);
        }

        using var publisher = new GitHubReleasePublisher(fake.Client());

        var outcome = await publisher.PublishAsync(Request(files));

        // Octokit takes the page number from the Link header and keeps its own per_page; the server caps the page size.
        var api = fake.RepositoryPath;
        Assert.That(fake.RequestLines.Take(3), Is.EqualTo(new[]
        {
            $"GET {api}/releases?per_page=100",
            $"GET {api}/releases?per_page=100&page=2",
            $"GET {api}/releases?per_page=100&page=3",
        }));
        Assert.That(fake.RequestLines, Does.Not.Contain($"POST {api}/releases"));
        Assert.That(outcome.ReleaseId, Is.EqualTo(draft.Id));
        Assert.That(outcome.Created, Is.False);
        Assert.That(fake.Releases, Has.Count.EqualTo(5));
        Assert.That(draft.Draft, Is.False);

        fake.ClearRequests();
        var again = await publisher.PublishAsync(Request(files));

        Assert.That(again.ChangedNothing, Is.True, "all four assets seen although they span two pages");
        Assert.That(fake.RequestLines.Skip(3), Is.EqualTo(new[]
        {
            $"GET {api}/releases/{draft.Id}/assets?per_page=100",
            $"GET {api}/releases/{draft.Id}/assets?per_page=100&page=2",
        }));
    }

    [Test]
    public async Task A_published_release_lacking_an_asset_gets_only_that_one_without_force_Contract()
    {
        using var files = new ReleaseFiles();
        using var fake = NewFake();
        var release = Finished(fake, files);
        release.Assets.Remove(release.Asset(Sums)!);
        using var publisher = new GitHubReleasePublisher(fake.Client());

        var outcome = await publisher.PublishAsync(Request(files));

        Assert.That(fake.Requests.Where(request => request.Method != "GET").Select(request => request.Line), Is.EqualTo(new[] { Upload(fake, release.Id, Sums) }));
        Assert.That(outcome.Uploaded, Is.EqualTo(new[] { Sums }));
        Assert.That(outcome.AlreadyPresent, Is.EqualTo(new[] { Chart, Sbom, Manifest }));
        Assert.That(outcome.Published || outcome.ChangedNothing, Is.False);
        Assert.That(release.Asset(Sums)!.Content, Is.EqualTo(files.Bytes(Sums)));
    }

    [Test]
    public async Task A_draft_is_found_although_the_tag_endpoint_hides_drafts_and_is_published_with_the_new_notes_Contract()
    {
        using var files = new ReleaseFiles();
        using var fake = NewFake();
        var draft = fake.AddRelease(Tag, draft: true, body: "notes of an earlier attempt");
        fake.AddAsset(draft, Chart, files.Bytes(Chart));
        using (var http = new HttpClient())
        {
            using var byTag = new HttpRequestMessage(HttpMethod.Get, new Uri(fake.BaseUri, $"{fake.RepositoryPath}/releases/tags/{Tag}"));
            byTag.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
            using var response = await http.SendAsync(byTag);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "GitHub's tag endpoint does not return drafts");
        }

        fake.ClearRequests();
        using var publisher = new GitHubReleasePublisher(fake.Client());

        var outcome = await publisher.PublishAsync(Request(files));

        Assert.That(fake.RequestLines, Has.None.Contains("/releases/tags/"));
        Assert.That(fake.RequestLines, Does.Not.Contain($"POST {fake.RepositoryPath}/releases"));
        Assert.That(outcome.ReleaseId, Is.EqualTo(draft.Id));
        Assert.That(outcome.AlreadyPresent, Is.EqualTo(new[] { Chart }));
        Assert.That(outcome.Uploaded, Is.EqualTo(new[] { Sbom, Manifest, Sums }));
        using var published = JsonDocument.Parse(fake.Requests[^1].Body!);
        Assert.That(published.RootElement.GetProperty("draft").GetBoolean(), Is.False);
        Assert.That(published.RootElement.GetProperty("body").GetString(), Is.EqualTo(Notes), "a draft takes this build's notes without --force");
        Assert.That(draft.Body, Is.EqualTo(Notes));
        Assert.That(draft.Draft, Is.False);
    }

    [Test]
    public async Task A_published_release_with_other_notes_is_refused_and_with_force_only_its_notes_change_Contract()
    {
        using var files = new ReleaseFiles();
        using var fake = NewFake();
        var release = Finished(fake, files);
        release.Body = "hand-edited notes";
        using var publisher = new GitHubReleasePublisher(fake.Client());

        var refusal = await Assert.ThrowsAsync<GitHubReleaseException>(() => publisher.PublishAsync(Request(files)));

        Assert.That(refusal.IsRefusal, Is.True);
        Assert.That(refusal.Message, Does.Contain("its notes differ from this build's"));
        Assert.That(fake.Requests.Select(request => request.Method), Has.All.EqualTo("GET"));
        Assert.That(release.Body, Is.EqualTo("hand-edited notes"));

        fake.ClearRequests();
        var outcome = await publisher.PublishAsync(Request(files, force: true));

        Assert.That(fake.RequestLines[^1], Is.EqualTo($"PATCH {fake.RepositoryPath}/releases/{release.Id}"));
        using var update = JsonDocument.Parse(fake.Requests[^1].Body!);
        Assert.That(update.RootElement.EnumerateObject().Select(property => property.Name), Is.EqualTo(new[] { "body" }));
        Assert.That(release.Body, Is.EqualTo(Notes));
        Assert.That(outcome.ChangedNothing, Is.False);
        Assert.That(outcome.AlreadyPresent, Is.EqualTo(AssetNames));
    }

    [Test]
    public async Task A_draft_is_not_published_while_its_tag_is_missing_on_GitHub_Contract()
    {
        using var files = new ReleaseFiles();
        using var fake = new FakeGitHub(Owner, Repository, Token);
        using var publisher = new GitHubReleasePublisher(fake.Client());

        var failure = await Assert.ThrowsAsync<GitHubReleaseException>(() => publisher.PublishAsync(Request(files)));

        Assert.That(failure.Message, Does.Contain($"Tag {Tag} is not on GitHub"));
        Assert.That(failure.Message, Does.Contain($"git push origin {Tag}"));
        var release = fake.Release(Tag);
        Assert.That(release.Draft, Is.True);
        Assert.That(release.Assets.Select(asset => asset.Name), Is.EqualTo(AssetNames));

        fake.AddTag(Tag);
        fake.ClearRequests();
        var outcome = await publisher.PublishAsync(Request(files));

        Assert.That(fake.Requests.Where(request => request.Method != "GET").Select(request => request.Line),
            Is.EqualTo(new[] { $"PATCH {fake.RepositoryPath}/releases/{release.Id}" }));
        Assert.That(outcome.Published, Is.True);
        Assert.That(outcome.AlreadyPresent, Is.EqualTo(AssetNames));
    }

    [Test]
    public async Task Two_drafts_for_the_tag_are_refused_rather_than_guessed_between_Contract()
    {
        using var files = new ReleaseFiles();
        using var fake = NewFake();
        var first = fake.AddRelease(Tag, draft: true);
        var second = fake.AddRelease(Tag, draft: true);
        using var publisher = new GitHubReleasePublisher(fake.Client());

        var failure = await Assert.ThrowsAsync<GitHubReleaseException>(() => publisher.PublishAsync(Request(files)));

        Assert.That(failure.Message, Does.Contain($"2 draft releases for tag {Tag}"));
        Assert.That(failure.Message, Does.Contain($"{second.Id}, {first.Id}"));
        Assert.That(failure.Message, Does.Contain("delete all but one"));
        Assert.That(fake.Requests.Select(request => request.Method), Has.All.EqualTo("GET"));
    }

    [Test]
    public async Task The_token_never_appears_in_errors_even_when_GitHub_echoes_it_Contract()
    {
        using var files = new ReleaseFiles();
        using var fake = NewFake();
        fake.EchoesAuthorizationInErrors = true;
        fake.FailOnce("POST", $"{fake.RepositoryPath}/releases", 403);
        using var publisher = new GitHubReleasePublisher(fake.Client());

        var forbidden = await Assert.ThrowsAsync<GitHubReleaseException>(() => publisher.PublishAsync(Request(files)));

        Assert.That(forbidden.Message, Does.Contain($"Creating the draft release {Tag} of {Owner}/{Repository} failed: GitHub answered HTTP 403"));
        Assert.That(forbidden.Message, Does.Contain("contents: write"));
        Assert.That(forbidden.Message, Does.Contain("Authorization: Token ***"), "the echoed header is there, masked");
        Assert.That(forbidden.ToString(), Does.Not.Contain(Token));
        Assert.That(forbidden.IsTransient, Is.False);

        const string wrongToken = "ghp_WrongTokenAlsoSecret9876543210";
        using var rejected = new GitHubReleasePublisher(fake.Client(wrongToken));
        var unauthorized = await Assert.ThrowsAsync<GitHubReleaseException>(() => rejected.PublishAsync(Request(files)));

        Assert.That(unauthorized.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(unauthorized.Message, Does.Contain("set GITHUB_TOKEN to a valid token"));
        Assert.That(unauthorized.ToString(), Does.Not.Contain(wrongToken));
        Assert.That(publisher.ToString(), Does.Not.Contain(Token));
        Assert.That(publisher.ToString(), Does.Contain("Token = ***"));
    }

    [Test]
    public async Task The_address_and_token_constructor_sends_the_token_as_Bearer_Contract()
    {
        using var files = new ReleaseFiles();
        using var fake = NewFake();
        using var publisher = new GitHubReleasePublisher(fake.BaseUri, Token);

        var outcome = await publisher.PublishAsync(Request(files));

        Assert.That(outcome.Published, Is.True);
        Assert.That(fake.Requests.Select(request => request.Authorization), Has.All.EqualTo($"Bearer {Token}"));
        Assert.That(publisher.ToString(), Does.Not.Contain(Token));
    }

    [Test]
    public void An_empty_token_is_refused_naming_GITHUB_TOKEN()
    {
        var error = Assert.Throws<ArgumentException>(() => new GitHubReleasePublisher(GitHubReleasePublisher.GitHubApi, " "));

        Assert.That(error.Message, Does.StartWith("GITHUB_TOKEN is empty"));
    }

    [TestCase(500, true)]
    [TestCase(503, true)]
    [TestCase(429, true)]
    [TestCase(404, false)]
    [TestCase(422, false)]
    public async Task Server_errors_and_throttling_are_transient_and_client_errors_are_not_Contract(int status, bool transient)
    {
        using var files = new ReleaseFiles();
        using var fake = NewFake();
        fake.FailOnce("GET", $"{fake.RepositoryPath}/releases?per_page=100", status);
        using var publisher = new GitHubReleasePublisher(fake.Client());

        var failure = await Assert.ThrowsAsync<GitHubReleaseException>(() => publisher.PublishAsync(Request(files)));

        Assert.That((int?)failure.StatusCode, Is.EqualTo(status));
        Assert.That(failure.IsTransient, Is.EqualTo(transient));
        Assert.That(failure.Message, Does.StartWith($"Listing the releases of {Owner}/{Repository} failed: GitHub answered HTTP {status}"));
    }

    [Test]
    public async Task An_unreachable_GitHub_is_a_transient_failure_without_a_status()
    {
        using var files = new ReleaseFiles();
        var closedPort = LocalRegistry.FreeLoopbackPort();
        using var publisher = new GitHubReleasePublisher(new Uri($"http://127.0.0.1:{closedPort}/"), Token);

        var failure = await Assert.ThrowsAsync<GitHubReleaseException>(() => publisher.PublishAsync(Request(files)));

        Assert.That(failure.StatusCode, Is.Null);
        Assert.That(failure.IsTransient, Is.True);
        Assert.That(failure.Message, Does.Contain($"GitHub at http://127.0.0.1:{closedPort}/api/v3/ did not answer"));
        Assert.That(failure.ToString(), Does.Not.Contain(Token));
    }

    [Test]
    public async Task Downloaded_assets_are_the_uploaded_bytes_drafts_included_Contract()
    {
        using var files = new ReleaseFiles();
        using var fake = NewFake();
        using var publisher = new GitHubReleasePublisher(fake.Client());
        fake.FailUploadOnce(Sums);
        await Assert.ThrowsAsync<GitHubReleaseException>(() => publisher.PublishAsync(Request(files)));
        using var fromDraft = new TempDirectory("github-download");

        var draftAssets = await publisher.DownloadAssetsAsync(Owner, Repository, Tag, fromDraft.Path);

        Assert.That(draftAssets.Select(asset => asset.Name), Is.EqualTo(new[] { Manifest, Chart, Sbom }), "the draft's three assets, by name");
        await publisher.PublishAsync(Request(files));
        using var fromRelease = new TempDirectory("github-download");

        var downloaded = await publisher.DownloadAssetsAsync(Owner, Repository, Tag, fromRelease.Path);

        Assert.That(downloaded.Select(asset => asset.Name), Is.EqualTo(AssetNames.Order(StringComparer.Ordinal)));
        foreach (var asset in downloaded)
        {
            var original = files.Bytes(asset.Name);
            Assert.That(File.ReadAllBytes(asset.Path), Is.EqualTo(original), asset.Name);
            Assert.That(asset.Path, Is.EqualTo(Path.Combine(fromRelease.Path, asset.Name)));
            Assert.That(asset.Size, Is.EqualTo(original.Length));
            Assert.That(asset.Sha256, Is.EqualTo(OciDigest.Sha256(original)));
        }

        Assert.That(Directory.GetFiles(fromRelease.Path), Has.Length.EqualTo(AssetNames.Length), "no partial files left");
    }

    [Test]
    public async Task Downloading_a_release_that_does_not_exist_names_the_tag_Contract()
    {
        using var fake = NewFake();
        using var publisher = new GitHubReleasePublisher(fake.Client());
        using var directory = new TempDirectory("github-download");

        var failure = await Assert.ThrowsAsync<GitHubReleaseException>(() => publisher.DownloadAssetsAsync(Owner, Repository, "v9.9.9", directory.Path));

        Assert.That(failure.Message, Does.StartWith($"{Owner}/{Repository} has no release for tag v9.9.9, drafts included"));
    }

    [Test]
    public async Task A_missing_file_a_repeated_name_and_a_name_GitHub_would_change_are_refused_before_anything_is_sent()
    {
        using var files = new ReleaseFiles();
        var unreachable = new Uri($"http://127.0.0.1:{LocalRegistry.FreeLoopbackPort()}/");
        using var publisher = new GitHubReleasePublisher(unreachable, Token);
        var request = Request(files);

        var missing = await Assert.ThrowsAsync<ArgumentException>(() => publisher.PublishAsync(request with { Assets = [.. request.Assets, new ReleaseAsset("extra.txt", Path.Combine(files.Directory, "extra.txt"))] }));
        var twice = await Assert.ThrowsAsync<ArgumentException>(() => publisher.PublishAsync(request with { Assets = [.. request.Assets, request.Assets[0] with { Name = Chart.ToUpperInvariant() }] }));
        var renamed = await Assert.ThrowsAsync<ArgumentException>(() => publisher.PublishAsync(request with { Assets = [new ReleaseAsset("my chart.tgz", request.Assets[0].Path)] }));

        Assert.That(missing.Message, Does.StartWith($"Release asset extra.txt: the file {Path.Combine(files.Directory, "extra.txt")} does not exist"));
        Assert.That(twice.Message, Does.StartWith($"Release asset name '{Chart.ToUpperInvariant()}' is given twice"));
        Assert.That(renamed.Message, Does.StartWith("Release asset name 'my chart.tgz'"));
    }

    [TestCase("rds-csi-1.2.3.tgz", "application/gzip")]
    [TestCase("rds-csi.spdx.json", "application/json")]
    [TestCase("controller.yaml", "text/yaml")]
    [TestCase("SHA256SUMS", "application/octet-stream")]
    [TestCase("SHA256SUMS.sig", "application/octet-stream")]
    public void Assets_are_uploaded_with_a_content_type_from_their_extension(string name, string contentType) =>
        Assert.That(AssetContentTypes.For(name), Is.EqualTo(contentType));
}
