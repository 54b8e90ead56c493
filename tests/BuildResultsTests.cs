using Build.Configuration;
using Build.Tests.Support;

namespace Build.Tests;

public sealed class BuildResultsTests
{
    [Test]
    public void A_result_slot_refuses_a_second_writer()
    {
        var results = new BuildResults();
        results.Pushed.Set(InMemoryContexts.Pushed);

        var error = Assert.Throws<InvalidOperationException>(() => results.Pushed.Set(InMemoryContexts.Pushed with { IndexDigest = "sha256:" + new string('9', 64) }));

        Assert.That(error!.Message, Is.EqualTo("The pushed image was already written: only the Push task writes it, once per run."));
        Assert.That(results.Pushed.Value, Is.SameAs(InMemoryContexts.Pushed), "the first write stands");
    }

    [Test]
    public void A_reader_of_an_empty_slot_is_told_which_task_writes_it()
    {
        var results = new BuildResults();

        Assert.Multiple(() =>
        {
            Assert.That(() => results.Pushed.Value, Throws.TypeOf<BuildConfigurationException>().With.Message.EqualTo("No pushed image in this run: run the Push task first (drop --exclusive)."));
            Assert.That(() => results.Chart.Value, Throws.TypeOf<BuildConfigurationException>().With.Message.EqualTo("No chart in this run: run the HelmPackage task first (drop --exclusive)."));
            Assert.That(() => results.SignedDigests.Value, Throws.TypeOf<BuildConfigurationException>().With.Message.Contains("run the Sign task first"));
            Assert.That(() => results.Image.Value, Throws.TypeOf<BuildConfigurationException>().With.Message.EqualTo("No image was built in this run: run the Build task first (drop --exclusive)."));
        });
    }

    [Test]
    public void Every_slot_names_its_one_writer_task()
    {
        var results = new BuildResults();

        Assert.That(
            new[] { results.Version.Writer, results.Image.Writer, results.Pushed.Writer, results.PushedByDigest.Writer, results.SignedDigests.Writer, results.ScanResults.Writer, results.Chart.Writer, results.ReleaseDirectory.Writer, results.ReleaseUrl.Writer }.Select(BuildPlan.NameOf),
            Is.EqualTo(new[] { "Version", "Build", "Push", "Push", "Sign", "Scan", "HelmPackage", "Publish", "Publish" }));
    }

    [Test]
    public void An_empty_slot_reads_as_null_for_reports()
    {
        var results = new BuildResults();

        Assert.That(results.Chart.ValueOrDefault, Is.Null);
        Assert.That(results.Chart.HasValue, Is.False);
    }

    [Test]
    public void The_context_prefers_this_run_s_push_and_falls_back_to_the_resumed_one()
    {
        using var working = new TempDirectory();
        var context = InMemoryContexts.Create(working.Path);
        var earlier = InMemoryContexts.Pushed with { IndexDigest = "sha256:" + new string('8', 64) };

        context.UseResumed(new Build.State.ResumedRun { Pushed = earlier, PushedReason = "already pushed" });
        Assert.That(context.RequirePushed(), Is.SameAs(earlier));

        context.Results.Pushed.Set(InMemoryContexts.Pushed);
        Assert.That(context.RequirePushed(), Is.SameAs(InMemoryContexts.Pushed));
    }

    [Test]
    public void Without_a_push_or_a_resumed_one_the_reader_gets_the_resume_step_s_reason()
    {
        using var working = new TempDirectory();
        var context = InMemoryContexts.Create(working.Path);
        context.UseResumed(new Build.State.ResumedRun { PushedReason = "127.0.0.1:5000/acme/rds-csi:latest no longer points at sha256:1 (it is gone)" });

        Assert.That(
            () => context.RequirePushed(),
            Throws.TypeOf<BuildConfigurationException>().With.Message.EqualTo("No image was pushed for this version: 127.0.0.1:5000/acme/rds-csi:latest no longer points at sha256:1 (it is gone). Run the Push task first (drop --exclusive)."));
    }
}
