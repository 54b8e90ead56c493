using Build.Images;
using Build.State;
using Build.Tasks;
using Build.Tests.Support;
using Cake.Core.IO;

namespace Build.Tests.Tasks;

/// <summary>HelmPackage's policy on an in-memory context: the resume step's findings are given, ShouldRun only compares them.</summary>
public sealed class HelmPackageTaskTests
{
    private static readonly ChartArtifact Chart = new(new FilePath("/w/artifacts/chart/rds-csi-1.2.3.tgz"), new FilePath("/w/artifacts/chart/rds-csi-1.2.3.tgz.sig"), "rds-csi", "1.2.3", "127.0.0.1:5000/acme/charts/rds-csi:1.2.3", "sha256:" + new string('c', 64));

    private TempDirectory _working = null!;

    [SetUp]
    public void SetUp() => _working = new TempDirectory();

    [TearDown]
    public void TearDown() => _working.Dispose();

    private BuildContext Context(ResumedRun resumed, bool force = false)
    {
        var context = InMemoryContexts.Create(_working.Path, options => options with { Force = force }, null, typeof(HelmPackageTask), typeof(ReleaseTask));
        context.UseResumed(resumed);
        return context;
    }

    private static ResumedRun Published(string? pinnedDigest = null) => new()
    {
        Pushed = InMemoryContexts.Pushed,
        Chart = Chart,
        ChartStillPublished = true,
        ChartPins = (InMemoryContexts.Pushed.Repository.FullName, pinnedDigest ?? InMemoryContexts.Pushed.IndexDigest),
    };

    [Test]
    public void An_earlier_package_that_still_holds_and_pins_the_image_is_kept()
    {
        var task = new HelmPackageTask();
        var context = Context(Published());

        Assert.That(task.ShouldRun(context), Is.False);
        Assert.That(context.Results.Chart.HasValue, Is.False, "ShouldRun only reads: the kept chart is the resumed one, not written as this run's");
        Assert.That(context.RequireChart(), Is.SameAs(Chart), "what Release then bundles");
        Assert.That(task.SkippedMessage, Is.EqualTo("already packaged rds-csi-1.2.3.tgz from this commit; it is unchanged, its signature verifies and oci://127.0.0.1:5000/acme/charts/rds-csi:1.2.3 still has it"));
    }

    [Test]
    public void A_package_pinning_another_image_than_this_run_pushed_is_made_again()
    {
        var context = Context(Published());
        context.Results.Pushed.Set(InMemoryContexts.Pushed with { IndexDigest = "sha256:" + new string('7', 64) });

        Assert.That(new HelmPackageTask().ShouldRun(context), Is.True);
    }

    [Test]
    public void A_package_no_longer_published_is_made_again()
    {
        Assert.That(new HelmPackageTask().ShouldRun(Context(Published() with { ChartStillPublished = false })), Is.True);
    }

    [Test]
    public void Force_packages_again()
    {
        Assert.That(new HelmPackageTask().ShouldRun(Context(Published(), force: true)), Is.True);
    }

    [Test]
    public void Without_an_earlier_chart_it_packages()
    {
        Assert.That(new HelmPackageTask().ShouldRun(Context(ResumedRun.Nothing with { Pushed = InMemoryContexts.Pushed })), Is.True);
    }
}
