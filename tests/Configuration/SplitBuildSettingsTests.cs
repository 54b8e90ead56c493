using Build.Configuration;
using Build.Tests.Support;

namespace Build.Tests.Configuration;

public sealed class SplitBuildSettingsTests
{
    private TempDirectory _working = null!;

    [SetUp]
    public void SetUp() => _working = new TempDirectory();

    [TearDown]
    public void TearDown() => _working.Dispose();

    private SplitBuildSettings Read(Dictionary<string, string> arguments)
    {
        var context = CakeContexts.Create(_working.Path, arguments, environment: new Dictionary<string, string?> { ["GITHUB_ACTIONS"] = null });
        return SplitBuildSettings.Read(context, ReleaseSettings.Read(context, ReleaseMode.Rehearsal));
    }

    private static BuildPlan Planning(params string[] tasks) => BuildPlan.Of(tasks);

    [Test]
    public void Without_arguments_every_configured_platform_is_built_on_this_machine()
    {
        var split = Read([]);

        Assert.That(split.Platforms.Select(platform => platform.ToString()), Is.EqualTo(new[] { "linux/amd64", "linux/arm64" }));
        Assert.That(split.PushByDigest || split.IsPartial || split.FromDigests is not null, Is.False);
        Assert.That(split.ProblemsWith(Planning("Build", "Push", "Sign", "Release")), Is.Empty);
    }

    [Test]
    public void One_platform_pushed_by_digest_is_a_partial_build_meant_for_Push_alone()
    {
        var split = Read(new() { ["platform"] = "linux/arm64", ["push-by-digest"] = string.Empty });

        Assert.That(split.Platforms.Select(platform => platform.ToString()), Is.EqualTo(new[] { "linux/arm64" }));
        Assert.That(split.PushByDigest && split.IsPartial, Is.True);
        Assert.That(split.DigestsDirectory.FullPath, Does.EndWith("artifacts/digests"));
        Assert.That(split.ProblemsWith(Planning("Version", "Build", "Push")), Is.Empty);
        Assert.That(split.ProblemsWith(Planning("Version", "Build", "Push", "Sign")).Single(), Does.Contain("--push-by-digest").And.Contain("Sign").And.Contain("--target=Push"));
    }

    [Test]
    public void A_partial_build_pushed_under_the_release_tags_is_refused()
    {
        var split = Read(new() { ["platform"] = "linux/amd64" });

        Assert.That(split.ProblemsWith(Planning("Build")), Is.Empty, "building one platform locally is fine");
        Assert.That(split.ProblemsWith(Planning("Build", "Push")).Single(), Does.Contain("--platform=linux/amd64").And.Contain("without the others").And.Contain("--push-by-digest"));
    }

    [Test]
    public void A_platform_that_is_not_configured_is_named_with_the_configured_ones()
    {
        var error = Assert.Throws<BuildConfigurationException>(() => Read(new() { ["platform"] = "linux/s390x" }))!;

        Assert.That(error.Message, Does.Contain("--platform=linux/s390x is not one of the configured platforms").And.Contain("linux/amd64, linux/arm64"));
    }

    [Test]
    public void From_digests_is_a_folder_made_absolute_and_does_not_go_with_building_arguments()
    {
        Assert.That(Read(new() { ["from-digests"] = "collected" }).FromDigests!.FullPath, Is.EqualTo(_working.Combine("collected")));

        var empty = Assert.Throws<BuildConfigurationException>(() => Read(new() { ["from-digests"] = string.Empty }))!;
        Assert.That(empty.Message, Does.Contain("--from-digests needs a folder"));

        var mixed = Assert.Throws<BuildConfigurationException>(() => Read(new() { ["from-digests"] = "d", ["push-by-digest"] = "true" }))!;
        Assert.That(mixed.Message, Does.Contain("does not go with --platform or --push-by-digest"));
    }
}
