using System.Net;
using Build.State;
using Build.Tests.Support;

namespace Build.Tests.State;

/// <summary>
/// Whether a re-run picks up the image an earlier run pushed: against a real git repository and a fake registry (a
/// loopback listener that answers manifest HEAD requests from a table of tags), so each case sets what the registry says.
/// </summary>
public sealed class ResumeWithFakeRegistryTests
{
    private const string Index = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    private const string Other = "sha256:9999999999999999999999999999999999999999999999999999999999999999";
    private static readonly Dictionary<string, string> BothPlatforms = new()
    {
        ["linux/amd64"] = "sha256:2222222222222222222222222222222222222222222222222222222222222222",
        ["linux/arm64"] = "sha256:3333333333333333333333333333333333333333333333333333333333333333",
    };

    private GitRepository _repo = null!;
    private Dictionary<string, string> _tags = null!;
    private LoopbackHttpListener _registry = null!;
    private int _requests;

    [SetUp]
    public void SetUp()
    {
        _repo = new GitRepository();
        _repo.Commit();
        _repo.Tag("v1.2.3");
        _tags = [];
        _requests = 0;
        _registry = new LoopbackHttpListener((context, _) =>
        {
            Interlocked.Increment(ref _requests);
            var tag = context.Request.Url!.AbsolutePath.Split("/manifests/").ElementAtOrDefault(1);
            lock (_tags)
            {
                if (tag is not null && _tags.TryGetValue(tag, out var digest))
                {
                    context.Response.StatusCode = 200;
                    context.Response.Headers["Docker-Content-Digest"] = digest;
                }
                else
                {
                    context.Response.StatusCode = 404;
                }
            }

            context.Response.Close();
        });
    }

    [TearDown]
    public void TearDown()
    {
        _registry.Dispose();
        _repo.Dispose();
    }

    private string Repository => $"127.0.0.1:{_registry.Port}/o/rds-csi";

    private BuildContext Context() => new(CakeContexts.Create(
        _repo.Path,
        settings: new Dictionary<string, string> { ["Release_RehearsalImage"] = Repository, ["Release_Retries"] = "0" },
        environment: new Dictionary<string, string?> { ["GITHUB_ACTIONS"] = null, ["GITHUB_REF"] = null }));

    /// <summary>The resume step of a run of Sign alone (--exclusive): it reads the pushed image, which this run does not push.</summary>
    private Build.Images.PushedImage? PushedImage(out string reason, BuildContext? context = null)
    {
        context ??= Context();
        context.UsePlan(BuildPlan.Of(typeof(Build.Tasks.SignTask)));
        var resumed = Resume.Load(context);
        reason = resumed.PushedReason;
        return resumed.Pushed;
    }

    private void Record(string? commit = null, string? repository = null, IReadOnlyDictionary<string, string>? platforms = null, string version = "1.2.3", ChartState? chart = null) =>
        new ReleaseState
        {
            Version = version,
            Commit = commit ?? _repo.Head,
            Image = new ImageState(repository ?? Repository, Index, platforms ?? BothPlatforms, "buildah"),
            Chart = chart,
        }.Save(Path.Combine(_repo.Path, "artifacts", ReleaseState.FileName));

    /// <summary>The resume step of a run of the given tasks.</summary>
    private ResumedRun Resumed(params Type[] plan)
    {
        var context = Context();
        context.UsePlan(BuildPlan.Of(plan));
        return Resume.Load(context);
    }

    private void AllTagsPointAt(string digest)
    {
        foreach (var tag in new[] { "1.2.3", "1.2", "latest", "sha-" + _repo.ShortHead })
        {
            _tags[tag] = digest;
        }
    }

    [Test]
    public void The_image_is_picked_up_when_every_tag_still_points_at_it_and_it_has_every_platform()
    {
        Record();
        AllTagsPointAt(Index);

        var pushed = PushedImage(out var reason);

        Assert.That(pushed, Is.Not.Null, reason);
        Assert.That(pushed!.IndexDigest, Is.EqualTo(Index));
        Assert.That(pushed.Tags, Is.EqualTo(new[] { "1.2.3", "1.2", "latest", "sha-" + _repo.ShortHead }));
        Assert.That(pushed.PlatformDigests.Values, Is.EquivalentTo(BothPlatforms.Values));
        Assert.That(reason, Is.EqualTo($"already pushed {Repository}@{Index} from this commit; every tag still points at it"));
    }

    [Test]
    public void Without_an_earlier_run_nothing_is_picked_up()
    {
        AllTagsPointAt(Index);

        Assert.That(PushedImage(out var reason), Is.Null);
        Assert.That(reason, Is.EqualTo("no earlier run of this version and commit pushed an image"));
    }

    [Test]
    public void An_earlier_run_of_another_commit_is_not_picked_up()
    {
        Record(commit: new string('a', 40));
        AllTagsPointAt(Index);

        Assert.That(PushedImage(out var reason), Is.Null);
        Assert.That(reason, Is.EqualTo("no earlier run of this version and commit pushed an image"));
    }

    [Test]
    public void An_earlier_run_of_another_version_is_not_picked_up()
    {
        Record(version: "1.2.2");
        AllTagsPointAt(Index);

        Assert.That(PushedImage(out var reason), Is.Null);
        Assert.That(reason, Is.EqualTo("no earlier run of this version and commit pushed an image"));
    }

    [Test]
    public void An_image_pushed_to_another_repository_is_not_picked_up()
    {
        Record(repository: "127.0.0.1:1/elsewhere/rds-csi");
        AllTagsPointAt(Index);

        Assert.That(PushedImage(out var reason), Is.Null);
        Assert.That(reason, Is.EqualTo($"the earlier run pushed to 127.0.0.1:1/elsewhere/rds-csi, not {Repository}"));
    }

    [Test]
    public void A_tag_moved_to_another_image_means_the_push_is_redone()
    {
        Record();
        AllTagsPointAt(Index);
        _tags["latest"] = Other;

        Assert.That(PushedImage(out var reason), Is.Null);
        Assert.That(reason, Is.EqualTo($"{Repository}:latest no longer points at {Index} (it is {Other})"));
    }

    [Test]
    public void A_deleted_tag_means_the_push_is_redone()
    {
        Record();
        AllTagsPointAt(Index);
        _tags.Remove("sha-" + _repo.ShortHead);

        Assert.That(PushedImage(out var reason), Is.Null);
        Assert.That(reason, Is.EqualTo($"{Repository}:sha-{_repo.ShortHead} no longer points at {Index} (it is gone)"));
    }

    [Test]
    public void An_image_without_every_configured_platform_is_not_picked_up()
    {
        Record(platforms: new Dictionary<string, string> { ["linux/amd64"] = BothPlatforms["linux/amd64"] });
        AllTagsPointAt(Index);

        Assert.That(PushedImage(out var reason), Is.Null);
        Assert.That(reason, Is.EqualTo("the earlier run pushed linux/amd64, not every configured platform"));
    }

    [Test]
    public void The_resume_step_takes_the_version_and_tags_from_git()
    {
        Record();
        AllTagsPointAt(Index);
        var context = Context();

        var pushed = PushedImage(out _, context);

        Assert.That(context.RequireVersion().Version.ToString(), Is.EqualTo("1.2.3"));
        Assert.That(pushed!.Tags, Is.EqualTo(context.Tags));
        Assert.That(context.Tags, Is.EqualTo(new[] { "1.2.3", "1.2", "latest", "sha-" + _repo.ShortHead }));
    }

    [Test]
    public void A_run_that_builds_and_pushes_anew_with_force_resumes_no_image()
    {
        Record();
        AllTagsPointAt(Index);

        Assert.That(Resumed(typeof(Build.Tasks.VersionTask), typeof(Build.Tasks.BuildTask), typeof(Build.Tasks.PushTask)).Pushed, Is.Not.Null, "without --force the earlier push is picked up");
        var context = new BuildContext(CakeContexts.Create(
            _repo.Path,
            arguments: new Dictionary<string, string> { ["force"] = "true" },
            settings: new Dictionary<string, string> { ["Release_RehearsalImage"] = Repository, ["Release_Retries"] = "0" },
            environment: new Dictionary<string, string?> { ["GITHUB_ACTIONS"] = null, ["GITHUB_REF"] = null }));
        context.UsePlan(BuildPlan.Of(typeof(Build.Tasks.VersionTask), typeof(Build.Tasks.BuildTask), typeof(Build.Tasks.PushTask)));

        Assert.That(Resume.Load(context).Pushed, Is.Null);
    }

    [Test]
    public void A_run_of_tasks_that_read_no_earlier_result_resumes_nothing_and_asks_no_registry()
    {
        Record();
        AllTagsPointAt(Index);

        Assert.That(Resumed(typeof(Build.Tasks.VersionTask), typeof(Build.Tasks.LintTask), typeof(Build.Tasks.BuildTask)), Is.SameAs(ResumedRun.Nothing));
        Assert.That(_requests, Is.Zero);
    }

    [Test]
    public void The_chart_file_of_an_earlier_run_is_resumed_while_it_is_unchanged()
    {
        var file = Path.Combine(_repo.Path, "artifacts", "chart", "rds-csi-1.2.3.tgz");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, "the packaged chart");
        Record(chart: new ChartState(file, Build.Releasing.Checksums.Sha256(file), "1.2.3", $"127.0.0.1:{_registry.Port}/o/rds-csi:1.2.3", Index));
        AllTagsPointAt(Index);

        var resumed = Resumed(typeof(Build.Tasks.PublishTask));
        File.AppendAllText(file, " changed");
        var afterChange = Resumed(typeof(Build.Tasks.PublishTask));

        Assert.That(resumed.Chart, Is.Not.Null);
        Assert.That(resumed.Chart!.Package.FullPath, Is.EqualTo(file));
        Assert.That(resumed.Chart.Name, Is.EqualTo("rds-csi"));
        Assert.That(resumed.Chart.OciDigest, Is.EqualTo(Index));
        Assert.That(afterChange.Chart, Is.Null);
        Assert.That(afterChange.Pushed, Is.Not.Null, "the image still holds");
    }
}
