using Build.Configuration;
using Build.Preflight;
using Build.Tests.Support;

namespace Build.Tests.Preflight;

public sealed class ToolPreflightTests
{
    [Test]
    public void Nothing_happens_when_every_tool_is_installed()
    {
        using var working = new TempDirectory();
        var log = new RecordingLog();

        ToolPreflight.Ensure(CakeContexts.Create(working.Path, log: log), [ToolRequirement.Git("Version")]);

        Assert.That(log.Text, Does.Not.Contain("Installing"));
    }

    [Test]
    public void A_missing_tool_without_a_Debian_package_fails_naming_it_the_task_and_how_to_install_it()
    {
        using var working = new TempDirectory();
        var requirement = new ToolRequirement("rdscsi-no-such-tool", null, "Scan", "see https://example.invalid/install");

        var error = Assert.Throws<BuildConfigurationException>(() => ToolPreflight.Ensure(CakeContexts.Create(working.Path), [requirement]));

        Assert.That(error!.Message, Does.Contain("'rdscsi-no-such-tool' is not installed (needed by Scan): see https://example.invalid/install"));
    }

    [Test]
    public void A_missing_Debian_tool_is_installed_with_apt_when_running_as_root()
    {
        if (!Environment.IsPrivilegedProcess || !File.Exists("/usr/bin/apt-get"))
        {
            Assert.Ignore("needs root and apt-get");
        }

        Run.Process("apt-get", ["remove", "-y", "-qq", "tree"]);
        using var working = new TempDirectory();
        var log = new RecordingLog();

        ToolPreflight.Ensure(CakeContexts.Create(working.Path, log: log), [ToolRequirement.Debian("tree", "tree", "a test")]);

        Assert.That(log.Text, Does.Contain("Installing tree with apt-get (needed by a test)"));
        Assert.That(File.Exists("/usr/bin/tree"), Is.True);
    }
}
