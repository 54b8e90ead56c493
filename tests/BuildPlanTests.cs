using Build.Tasks;

namespace Build.Tests;

public sealed class BuildPlanTests
{
    [Test]
    public void The_engine_s_task_names_become_task_types_in_order()
    {
        var plan = BuildPlan.Of(["Version", "build", "Push"]);

        Assert.That(plan.Tasks, Is.EqualTo(new[] { typeof(VersionTask), typeof(BuildTask), typeof(PushTask) }));
        Assert.That(plan.Names, Is.EqualTo(new[] { "Version", "Build", "Push" }));
        Assert.That(plan.Has<PushTask>(), Is.True);
        Assert.That(plan.Has<SignTask>(), Is.False);
    }

    [Test]
    public void A_name_that_is_no_task_is_refused()
    {
        Assert.That(() => BuildPlan.Of(["Version", "Deploy"]), Throws.InvalidOperationException.With.Message.Contains("'Deploy'"));
    }

    [Test]
    public void A_task_is_known_by_its_TaskName_attribute()
    {
        Assert.That(BuildPlan.NameOf<HelmPackageTask>(), Is.EqualTo("HelmPackage"));
        Assert.That(BuildPlan.NameOf<VerifyReleaseTask>(), Is.EqualTo("VerifyRelease"));
    }
}
