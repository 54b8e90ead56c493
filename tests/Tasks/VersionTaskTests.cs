using System.Text.Json;
using Build.Artifacts;
using Build.Configuration;
using Build.Tasks;
using Build.Tests.Support;

namespace Build.Tests.Tasks;

public sealed class VersionTaskTests
{
    private GitRepository _repo = null!;
    private RecordingLog _log = null!;

    [SetUp]
    public void SetUp()
    {
        _repo = new GitRepository();
        _log = new RecordingLog();
        _repo.Write(".gitignore", "artifacts/\n");
    }

    [TearDown]
    public void TearDown() => _repo.Dispose();

    private static void RunVersion(BuildContext context) => new VersionTask().RunAsync(context).GetAwaiter().GetResult();

    private BuildContext Context(Dictionary<string, string>? arguments = null, Dictionary<string, string?>? environment = null) =>
        new(CakeContexts.Create(_repo.Path, arguments, environment: environment ?? new() { ["GITHUB_ACTIONS"] = null, ["GITHUB_REF"] = null }, log: _log));

    [Test]
    public void Sets_version_and_tags_logs_each_on_one_line_and_writes_version_json()
    {
        _repo.Commit();
        _repo.Tag("v1.2.3-rc.1");
        var context = Context();

        RunVersion(context);

        Assert.That(context.Results.Version.ValueOrDefault!.Version.ToString(), Is.EqualTo("1.2.3-rc.1"));
        Assert.That(context.Tags, Is.EqualTo(new[] { "1.2.3-rc.1", "sha-" + _repo.ShortHead }));
        Assert.That(_log.Lines.Select(l => l.Message), Does.Contain("Version 1.2.3-rc.1").And.Contain($"Tags 1.2.3-rc.1, sha-{_repo.ShortHead}"));

        var file = Path.Combine(_repo.Path, "artifacts", "version.json");
        using var json = JsonDocument.Parse(File.ReadAllText(file));
        Assert.That(json.RootElement.GetProperty("version").GetString(), Is.EqualTo("1.2.3-rc.1"));
        Assert.That(json.RootElement.GetProperty("tags").EnumerateArray().Select(t => t.GetString()), Is.EqualTo(context.Tags));
        Assert.That(json.RootElement.GetProperty("commit").GetString(), Is.EqualTo(_repo.Head));
        Assert.That(json.RootElement.GetProperty("prerelease").GetBoolean(), Is.True);
        Assert.That(context.Results.Artifacts.OfKind(ArtifactKind.Metadata).Single().Name, Is.EqualTo("version.json"));
    }

    [Test]
    public void Publish_mode_accepts_a_tagged_clean_tree()
    {
        _repo.Commit();
        _repo.Tag("v1.2.3");
        var context = Context(new() { ["mode"] = "publish" });

        RunVersion(context);

        Assert.That(context.Tags, Is.EqualTo(new[] { "1.2.3", "1.2", "latest", "sha-" + _repo.ShortHead }));
    }

    [Test]
    public void Publish_mode_refuses_a_dirty_tree_naming_the_change()
    {
        _repo.Commit();
        _repo.Tag("v1.2.3");
        _repo.Write("file.txt", "edited");

        var error = Assert.Throws<BuildConfigurationException>(() => RunVersion(Context(new() { ["mode"] = "publish" })));

        Assert.That(error!.Message, Does.Contain("clean work tree").And.Contain("file.txt"));
        Assert.That(File.Exists(Path.Combine(_repo.Path, "artifacts", "version.json")), Is.False);
    }

    [Test]
    public void Publish_mode_refuses_a_commit_without_a_version_tag()
    {
        _repo.Commit();

        var error = Assert.Throws<BuildConfigurationException>(() => RunVersion(Context(new() { ["mode"] = "publish" })));

        Assert.That(error!.Message, Does.Contain("needs a version tag on HEAD").And.Contain(_repo.ShortHead));
    }

    [Test]
    public void Publish_mode_in_Actions_refuses_when_the_pushed_tag_is_not_on_HEAD()
    {
        _repo.Commit();
        _repo.Tag("v1.2.2");
        _repo.Commit();
        _repo.Tag("v1.2.3");

        var error = Assert.Throws<BuildConfigurationException>(() => RunVersion(Context(environment: new()
        {
            ["GITHUB_ACTIONS"] = "true",
            ["GITHUB_REF"] = "refs/tags/v1.2.2",
            ["GITHUB_REF_NAME"] = "v1.2.2",
        })));

        Assert.That(error!.Message, Does.Contain("'v1.2.2'").And.Contain("'v1.2.3'"));
    }

    [Test]
    public void Rehearsal_versions_an_untagged_dirty_tree()
    {
        _repo.Commit();
        _repo.Write("file.txt", "edited");
        var context = Context();

        RunVersion(context);

        Assert.That(context.Results.Version.ValueOrDefault!.Version.ToString(), Does.StartWith("0.1.0-dev.1+"));
        Assert.That(context.Tags, Is.EqualTo(new[] { "sha-" + _repo.ShortHead }));
    }

    [Test]
    public void Version_sets_the_version_writes_version_json_and_starts_the_release_state_without_a_git_repository_Fake()
    {
        using var working = new TempDirectory();
        var context = InMemory(working.Path);

        RunVersion(context);

        Assert.That(context.Results.Version.Value, Is.SameAs(InMemoryContexts.Version));
        Assert.That(_log.Text, Does.Contain("Version 1.2.3").And.Contain("Tags " + string.Join(", ", context.Tags)));
        Assert.That(context.Tags, Does.Contain("sha-aaaaaaa"));
        using var json = JsonDocument.Parse(File.ReadAllText(context.Options.Layout.VersionJson.FullPath));
        Assert.That(json.RootElement.GetProperty("gitTag").GetString(), Is.EqualTo("v1.2.3"));
        Assert.That(json.RootElement.GetProperty("mode").GetString(), Is.EqualTo("rehearsal"));
        Assert.That(json.RootElement.GetProperty("commitTime").GetString(), Is.EqualTo("1970-01-01T00:00:00Z"));
        var state = context.Services.State.Current!;
        Assert.That((state.Version, state.Commit, state.CompletedTasks), Is.EqualTo(("1.2.3", InMemoryContexts.Version.Commit, (IReadOnlyList<string>)["Version"])));
    }

    [Test]
    public void A_re_run_of_the_same_version_and_commit_continues_its_recorded_state_Fake()
    {
        using var working = new TempDirectory();
        var first = InMemory(working.Path);
        first.Services.State.Begin(new global::Build.State.ReleaseState { Version = "1.2.3", Commit = InMemoryContexts.Version.Commit, SignedDigests = ["sha256:" + new string('1', 64)] });
        var context = InMemory(working.Path);

        RunVersion(context);

        Assert.That(context.Services.State.Current!.SignedDigests, Is.EqualTo(new[] { "sha256:" + new string('1', 64) }), "what an earlier run signed stays recorded");
    }

    [Test]
    public void A_new_version_starts_a_new_release_state_Fake()
    {
        using var working = new TempDirectory();
        InMemory(working.Path).Services.State.Begin(new global::Build.State.ReleaseState { Version = "1.2.2", Commit = new string('b', 40), SignedDigests = ["sha256:" + new string('1', 64)] });
        var context = InMemory(working.Path);

        RunVersion(context);

        Assert.That(context.Services.State.Current!.SignedDigests, Is.Empty);
        Assert.That((context.Services.State.Current.Version, context.Services.State.Current.Commit), Is.EqualTo(("1.2.3", InMemoryContexts.Version.Commit)));
    }

    [Test]
    public void Publishing_lists_at_most_five_uncommitted_changes_and_asks_git_only_when_publishing()
    {
        var changes = Enumerable.Range(1, 7).Select(index => $" M file{index}.txt").ToList();

        var error = Assert.Throws<BuildConfigurationException>(() => global::Build.Versioning.VersionRecord.RequirePublishable(InMemoryContexts.Version, "v1.2.3", () => changes));

        Assert.That(error!.Message, Does.Contain("uncommitted: M file1.txt, M file2.txt, M file3.txt, M file4.txt, M file5.txt, .... Commit or stash them."));
        Assert.DoesNotThrow(() => global::Build.Versioning.VersionRecord.RequirePublishable(InMemoryContexts.Version, null, () => []));
    }

    private BuildContext InMemory(string directory)
    {
        var context = InMemoryContexts.CreateLogged(directory, _log, null, typeof(VersionTask));
        context.Services.UseVersion(InMemoryContexts.Version);
        return context;
    }
}
