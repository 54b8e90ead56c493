using Build.Preflight;
using Build.Tasks;
using Build.Tests.Support;

namespace Build.Tests.Preflight;

/// <summary>The preflight collects what the planned tasks declare, by type: a task that is not planned adds nothing.</summary>
public sealed class TaskNeedsTests
{
    private TempDirectory _working = null!;

    [SetUp]
    public void SetUp() => _working = new TempDirectory();

    [TearDown]
    public void TearDown() => _working.Dispose();

    private IReadOnlyList<TaskNeeds> Needs(Dictionary<string, string>? arguments, params Type[] plan)
    {
        var context = InMemoryContexts.Create(_working.Path, arguments, plan);
        return TaskNeeds.Of(context.Options.Plan, context);
    }

    private static IEnumerable<string> Commands(IEnumerable<TaskNeeds> needs) => needs.SelectMany(need => need.Tools).Select(tool => $"{tool.Command} ({tool.NeededBy})");

    [Test]
    public void The_tools_come_from_the_planned_tasks_in_plan_order()
    {
        var needs = Needs(new() { ["builder"] = "buildah" }, typeof(VersionTask), typeof(LintTask), typeof(CheckDeployTask), typeof(BuildTask), typeof(TestTask));

        Assert.That(Commands(needs), Is.EqualTo(new[] { "git (Version)", "shellcheck (Lint)", "yamllint (Lint)", "buildah (Build)" }));
        Assert.That(needs.Any(need => need.Registry || need.SigningKeys || need.PushedImage), Is.False, "the contributors' check talks to no registry and signs nothing");
    }

    [Test]
    public void A_release_needs_the_registry_and_signing_keys_and_reads_the_pushed_image_after_Push()
    {
        var needs = Needs(new() { ["builder"] = "buildah" }, typeof(VersionTask), typeof(BuildTask), typeof(PushTask), typeof(SignTask), typeof(SbomTask), typeof(ScanTask), typeof(HelmPackageTask), typeof(PublishTask));

        Assert.That(needs.Select(need => need.Registry), Is.EqualTo(new[] { false, false, true, true, true, true, true, true }));
        Assert.That(needs.Select(need => need.SigningKeys), Is.EqualTo(new[] { false, false, false, true, true, false, true, true }));
        Assert.That(needs.Select(need => need.PushedImage), Is.EqualTo(new[] { false, false, false, true, true, true, true, true }));
        Assert.That(Commands(needs), Does.Contain("buildah (Push)").And.Contain("skopeo (Sbom (image to an OCI layout))"));
    }

    [Test]
    public void Publish_mode_needs_trivy_for_Scan_a_rehearsal_does_not()
    {
        Assert.That(Commands(Needs(null, typeof(ScanTask))), Is.Empty);
        Assert.That(Commands(Needs(new() { ["mode"] = "publish" }, typeof(ScanTask))), Is.EqualTo(new[] { "trivy (Scan (publish mode never releases unscanned))" }));
    }

    [Test]
    public void Publishing_a_release_needs_GITHUB_TOKEN_a_rehearsal_does_not()
    {
        Assert.That(Needs(null, typeof(PublishTask)).Single().Secrets, Is.Empty);
        var secret = Needs(new() { ["mode"] = "publish" }, typeof(PublishTask)).Single().Secrets.Single();

        Assert.That(secret.Variable, Is.EqualTo("GITHUB_TOKEN"));
        Assert.That(secret.IsSet, Is.False, "the test's environment has no GITHUB_TOKEN");
        Assert.That(secret.Problem, Does.StartWith("GITHUB_TOKEN is not set: publish mode makes the GitHub release with it"));
    }

    [Test]
    public void A_merge_of_digests_builds_nothing_so_needs_no_builder()
    {
        Directory.CreateDirectory(Path.Combine(_working.Path, "digests"));

        Assert.That(Commands(Needs(new() { ["builder"] = "buildah", ["from-digests"] = Path.Combine(_working.Path, "digests") }, typeof(BuildTask), typeof(PushTask))), Is.Empty);
    }
}
