using System.Text.Json;
using Build.Configuration;
using Build.Images;
using Build.State;
using Build.Tasks;
using Build.Tests.Support;

namespace Build.Tests.Tasks;

/// <summary>
/// Build's and Push's policy and decisions on an in-memory context: no git repository, no registry; the resume step's
/// findings are given, and the image builder and publisher are fakes (<see cref="FakeImageBuilder"/>, <see cref="FakeImagePublisher"/>).
/// </summary>
public sealed class BuildTaskTests
{
    private const string Reason = "already pushed 127.0.0.1:5000/acme/rds-csi@sha256:1 from this commit; every tag still points at it";
    private TempDirectory _working = null!;

    [SetUp]
    public void SetUp() => _working = new TempDirectory();

    [TearDown]
    public void TearDown() => _working.Dispose();

    private BuildContext Release(Dictionary<string, string>? arguments = null, bool force = false, PushedImageFound found = PushedImageFound.Yes)
    {
        var context = InMemoryContexts.Create(_working.Path, options => options with { Force = force }, arguments, typeof(VersionTask), typeof(BuildTask), typeof(PushTask), typeof(SignTask));
        context.UseResumed(found == PushedImageFound.Yes
            ? new ResumedRun { Pushed = InMemoryContexts.Pushed, PushedReason = Reason }
            : new ResumedRun { PushedReason = "no earlier run of this version and commit pushed an image" });
        return context;
    }

    private enum PushedImageFound { Yes, No }

    [Test]
    public void A_re_run_whose_earlier_push_holds_skips_Build_and_Push_saying_why()
    {
        var context = Release();
        var build = new BuildTask();

        Assert.That(build.ShouldRun(context), Is.False);
        Assert.That(build.SkippedMessage, Is.EqualTo(Reason));
        Assert.That(new PushTask().ShouldRun(context), Is.False);
        Assert.That(context.RequirePushed(), Is.SameAs(InMemoryContexts.Pushed), "what Sign then signs");
        Assert.That(context.Results.Pushed.HasValue, Is.False, "ShouldRun only reads: the resumed image is not written as this run's push");
    }

    [Test]
    public void Without_an_earlier_push_Build_and_Push_run()
    {
        var context = Release(found: PushedImageFound.No);

        Assert.That(new BuildTask().ShouldRun(context), Is.True);
        Assert.That(new PushTask().ShouldRun(context), Is.True);
    }

    [Test]
    public void Force_builds_again_whatever_an_earlier_run_left()
    {
        Assert.That(new BuildTask().ShouldRun(Release(force: true)), Is.True);
    }

    [Test]
    public void Without_Push_in_the_plan_Build_always_builds()
    {
        var context = InMemoryContexts.Create(_working.Path, null, typeof(VersionTask), typeof(BuildTask));
        context.UseResumed(new ResumedRun { Pushed = InMemoryContexts.Pushed, PushedReason = Reason });

        Assert.That(new BuildTask().ShouldRun(context), Is.True);
    }

    [Test]
    public void A_merge_of_digests_pushed_elsewhere_skips_Build_naming_the_folder()
    {
        var digests = Path.Combine(_working.Path, "digests");
        Directory.CreateDirectory(digests);
        var build = new BuildTask();

        Assert.That(build.ShouldRun(Release(new() { ["from-digests"] = digests }, found: PushedImageFound.No)), Is.False);
        Assert.That(build.SkippedMessage, Is.EqualTo($"--from-digests: the platform images were built and pushed by digest elsewhere ({digests})"));
    }

    private static readonly Platform Amd64 = new("linux", "amd64");
    private static readonly Platform Arm64 = new("linux", "arm64");

    /// <summary>A first run (nothing to resume) of <paramref name="plan"/> at version 1.2.3, with a fake builder and publisher.</summary>
    private BuildContext FirstRun(FakeImageBuilder builder, FakeImagePublisher publisher, Dictionary<string, string>? arguments = null, params Type[] plan)
    {
        var context = InMemoryContexts.Create(_working.Path, arguments, plan.Length > 0 ? plan : [typeof(VersionTask), typeof(BuildTask), typeof(PushTask)]);
        context.UseResumed(ResumedRun.Nothing);
        context.Results.Version.Set(InMemoryContexts.Version);
        context.Services.State.Begin(new ReleaseState { Version = "1.2.3", Commit = InMemoryContexts.Version.Commit });
        context.Services.UseImageServices(builder, publisher);
        return context;
    }

    private static FakeImagePublisher Publishing(PushedImage image) => new(new PublishedImage(image, "fake"));

    [Test]
    public void Build_builds_each_planned_platform_with_the_chosen_backend_Fake()
    {
        var builder = new FakeImageBuilder();
        var context = FirstRun(builder, Publishing(InMemoryContexts.Pushed));

        new BuildTask().Run(context);

        Assert.That(builder.Builds, Has.Count.EqualTo(1), "one build of every platform");
        var request = builder.Builds[0];
        Assert.That(request.Platforms, Is.EqualTo(new[] { Amd64, Arm64 }));
        Assert.That(request.Version, Is.SameAs(InMemoryContexts.Version));
        Assert.That(request.Pushes, Is.True, "Push follows in this run");
        Assert.That(request.Labels["org.opencontainers.image.revision"], Is.EqualTo(InMemoryContexts.Version.Commit));
        Assert.That(context.Results.Image.Value.LocalManifest, Is.EqualTo("localhost/fake:aaaaaaa"), "the backend's image is this run's");
    }

    [Test]
    public void Build_of_one_platform_asks_the_backend_for_that_platform_only_Fake()
    {
        var builder = new FakeImageBuilder();
        var context = FirstRun(builder, Publishing(InMemoryContexts.Pushed), new() { ["platform"] = "linux/arm64", ["push-by-digest"] = "true" });

        new BuildTask().Run(context);

        Assert.That(builder.Builds.Single().Platforms, Is.EqualTo(new[] { Arm64 }));
    }

    [Test]
    public void Without_Push_in_the_plan_Build_asks_the_backend_not_to_push_Fake()
    {
        var builder = new FakeImageBuilder();
        var context = FirstRun(builder, Publishing(InMemoryContexts.Pushed), null, typeof(VersionTask), typeof(BuildTask));

        new BuildTask().Run(context);

        Assert.That(builder.Builds.Single().Pushes, Is.False);
    }

    [Test]
    public void Build_and_Push_need_the_commands_of_the_chosen_backend_Fake()
    {
        var context = FirstRun(new FakeImageBuilder(), Publishing(InMemoryContexts.Pushed));

        Assert.That(new BuildTask().Needs(context).Tools.Select(tool => tool.Command), Is.EqualTo(new[] { "fake-build" }));
        Assert.That(new PushTask().Needs(context).Tools.Select(tool => tool.Command), Is.EqualTo(new[] { "fake-push" }));
        Assert.That(new PushTask().Needs(context).Registry, Is.True);
    }

    [Test]
    public async Task Push_records_the_index_digest_the_publisher_returns_Fake()
    {
        var published = InMemoryContexts.Pushed with { IndexDigest = "sha256:" + new string('5', 64) };
        var publisher = Publishing(published);
        var context = FirstRun(new FakeImageBuilder(), publisher);
        new BuildTask().Run(context);

        await new PushTask().RunAsync(context);

        Assert.That(publisher.Calls, Is.EqualTo(new[] { "publish localhost/fake:aaaaaaa" }), "what Build made goes to the publisher");
        Assert.That(publisher.Tags, Is.EqualTo(context.Options.TagsOf(InMemoryContexts.Version)));
        Assert.That(context.Results.Pushed.Value, Is.SameAs(published));
        Assert.That(context.RequirePushed().IndexDigest, Is.EqualTo(published.IndexDigest), "what Sign then signs");
        using var json = JsonDocument.Parse(File.ReadAllText(context.Options.Layout.ImageJson.FullPath));
        Assert.That(json.RootElement.GetProperty("digest").GetString(), Is.EqualTo(published.IndexDigest));
        Assert.That(json.RootElement.GetProperty("builder").GetString(), Is.EqualTo("fake"));
        var saved = ReleaseState.Load(context.Options.Layout.StateFile.FullPath);
        Assert.That(saved?.Image?.IndexDigest, Is.EqualTo(published.IndexDigest));
        Assert.That(saved?.CompletedTasks, Does.Contain("Push"));
        Assert.That(context.Results.Artifacts.Select(artifact => artifact.Name), Does.Contain("image.json"));
    }

    [Test]
    public async Task A_merge_hands_the_digest_folder_to_the_publisher_and_records_its_index_Fake()
    {
        var digests = Path.Combine(_working.Path, "collected");
        Directory.CreateDirectory(digests);
        var publisher = Publishing(InMemoryContexts.Pushed);
        var context = FirstRun(new FakeImageBuilder(), publisher, new() { ["from-digests"] = digests });

        await new PushTask().RunAsync(context);

        Assert.That(publisher.Calls, Is.EqualTo(new[] { "merge " + digests }));
        Assert.That(context.Results.Pushed.Value, Is.SameAs(InMemoryContexts.Pushed));
        Assert.That(context.Results.Image.HasValue, Is.False, "nothing was built in this run");
    }

    [Test]
    public async Task Push_by_digest_writes_one_digest_file_per_platform_and_moves_no_tag_Fake()
    {
        var digest = "sha256:" + new string('6', 64);
        var publisher = new FakeImagePublisher(new PublishedImage(InMemoryContexts.Pushed, "fake")) { ByDigest = new Dictionary<Platform, string> { [Arm64] = digest } };
        var context = FirstRun(new FakeImageBuilder(), publisher, new() { ["platform"] = "linux/arm64", ["push-by-digest"] = "true" });
        new BuildTask().Run(context);

        await new PushTask().RunAsync(context);

        Assert.That(publisher.Calls, Is.EqualTo(new[] { "by digest localhost/fake:aaaaaaa" }));
        Assert.That(context.Results.PushedByDigest.Value[Arm64], Is.EqualTo(digest));
        Assert.That(File.ReadAllText(Path.Combine(context.Options.Split.DigestsDirectory.FullPath, "linux-arm64")), Is.EqualTo(digest + "\n"));
        Assert.That(context.Results.Pushed.HasValue, Is.False, "no index, no tag");
        Assert.That(File.Exists(context.Options.Layout.ImageJson.FullPath), Is.False);
    }

    [Test]
    public void A_resumed_push_skips_Build_and_Push_without_asking_the_backend_Fake()
    {
        var builder = new FakeImageBuilder();
        var context = Release();
        context.Services.UseImageServices(builder, Publishing(InMemoryContexts.Pushed));

        Assert.That(new BuildTask().ShouldRun(context), Is.False);
        Assert.That(new PushTask().ShouldRun(context), Is.False);
        Assert.That(builder.Builds, Is.Empty);
        Assert.That(context.Results.Image.HasValue, Is.False);
    }
}
