using Build.Images;
using Build.Releasing;
using Build.Tests.Tasks;
using Build.Tests.Support;

namespace Build.Tests;

/// <summary>The composition root picks the image builder backend once, from the setting; tasks see only the interface.</summary>
public sealed class BuildServicesTests
{
    private TempDirectory _working = null!;

    [SetUp]
    public void SetUp() => _working = new TempDirectory();

    [TearDown]
    public void TearDown() => _working.Dispose();

    [TestCase("buildah", typeof(BuildahImageBuilder), "buildah")]
    [TestCase("buildx", typeof(BuildxImageBuilder), "docker")]
    public void The_builder_setting_picks_the_backend_and_the_command_it_needs(string setting, Type backend, string command)
    {
        var services = InMemoryContexts.Create(_working.Path, new() { ["builder"] = setting }).Services;
        var first = services.Builder;

        Assert.That(first, Is.TypeOf(backend));
        Assert.That(services.Builder.Name, Is.EqualTo(setting));
        Assert.That(services.Builder.BuildTool("Build").Command, Is.EqualTo(command));
        Assert.That(services.Builder, Is.SameAs(first), "chosen once");
    }

    [Test]
    public void Only_buildah_needs_a_command_to_push_what_it_built()
    {
        Assert.That(InMemoryContexts.Create(_working.Path, new() { ["builder"] = "buildah" }).Services.Builder.PushTools("Push").Select(tool => tool.Command), Is.EqualTo(new[] { "buildah" }));
        Assert.That(InMemoryContexts.Create(_working.Path, new() { ["builder"] = "buildx" }).Services.Builder.PushTools("Push"), Is.Empty, "buildx pushed as it built");
    }

    [Test]
    public void A_stand_in_builder_cannot_replace_one_in_use_Fake()
    {
        var services = InMemoryContexts.Create(_working.Path, new() { ["builder"] = "buildah" }).Services;
        _ = services.Builder;

        Assert.Throws<InvalidOperationException>(() => services.UseImageServices(new FakeImageBuilder()));
    }

    [Test]
    public void Each_backend_is_picked_once_by_mode_and_a_stand_in_cannot_replace_one_in_use_Fake()
    {
        var services = InMemoryContexts.Create(_working.Path).Services;
        var destination = services.ReleaseDestination;
        var verification = services.ReleaseVerification;

        Assert.That(destination, Is.TypeOf<LocalBundleDestination>(), "a rehearsal releases to the bundle under artifacts/");
        Assert.That(services.ReleaseDestination, Is.SameAs(destination), "picked once");
        Assert.That(services.ReleaseVerification, Is.SameAs(verification), "made once");
        var refused = Assert.Throws<InvalidOperationException>(() => services.Use(new FakeReleaseDestination(_working.Path)));
        Assert.That(refused.Message, Does.Contain("release destination is in use already"));
        Assert.Throws<InvalidOperationException>(() => services.Use(new FakeReleaseVerification()));
    }

    [Test]
    public void A_stand_in_given_before_first_use_is_what_the_tasks_get_Fake()
    {
        var services = InMemoryContexts.Create(_working.Path).Services;
        var fake = new FakeReleaseDestination(_working.Path);

        services.Use(fake);

        Assert.That(services.ReleaseDestination, Is.SameAs(fake));
    }
}
