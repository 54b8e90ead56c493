using Build.State;
using Build.Tasks;
using Build.Tests.Support;

namespace Build.Tests.Tasks;

/// <summary>Build's and Push's policy on an in-memory context: no git repository, no registry; the resume step's findings are given.</summary>
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
}
