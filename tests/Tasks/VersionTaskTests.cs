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
}
