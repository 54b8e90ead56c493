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
    public void A_missing_Debian_tool_is_installed_with_apt_when_running_as_root_FakeAptGet_Contract()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            Assert.Ignore("the build installs with apt-get only as root");
        }

        // A stand-in apt-get, first on the test's PATH: it records its arguments and "installs" a package by writing a
        // stub executable of that name into a temp bin directory on the same PATH. The host's packages are never touched.
        using var path = ToolPath.With();
        using var bin = new TempDirectory("rdscsi-fake-apt-bin");
        using var records = new TempDirectory("rdscsi-fake-apt-record");
        var record = records.Combine("apt-get.log");
        path.AddScript("apt-get", $$"""
            echo "$*" >> '{{record}}'
            [ "$1" = install ] || exit 0
            for package in "$@"; do
              case "$package" in -*|install) continue ;; esac
              printf '#!/bin/sh\necho stand-in\n' > '{{bin.Path}}'/"$package"
              /bin/chmod 755 '{{bin.Path}}'/"$package"
            done
            """);
        using var working = new TempDirectory();
        var log = new RecordingLog();
        var environment = new Dictionary<string, string?> { ["PATH"] = path.Value + Path.PathSeparator + bin.Path };
        const string tool = "rdscsi-stand-in-tool";

        ToolPreflight.Ensure(CakeContexts.Create(working.Path, environment: environment, log: log), [ToolRequirement.Debian(tool, tool, "a test")]);

        Assert.Multiple(() =>
        {
            Assert.That(log.Text, Does.Contain($"Installing {tool} with apt-get (needed by a test)"));
            Assert.That(File.ReadAllLines(record), Is.EqualTo(new[] { "update -qq", $"install -y -qq --no-install-recommends {tool}" }));
            Assert.That(File.Exists(Path.Combine(bin.Path, tool)), Is.True, "the stand-in installed the package into the test's bin directory");
            Assert.That(ToolPath.Find("apt-get"), Is.Not.EqualTo(Path.Combine(path.Value, "apt-get")), "the stand-in is on the test's PATH only");
        });
    }
}
