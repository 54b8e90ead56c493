using Build.Configuration;
using Build.Preflight;
using Build.Tests.Support;

namespace Build.Tests.Preflight;

/// <summary>
/// How a missing tool is reported: by command, with every task that needs it and the Debian package that provides it.
/// PATH is an empty folder of the test's own (no apt-get on it, so nothing is ever installed on the host).
/// </summary>
public sealed class ToolRulesTests
{
    private TempDirectory _path = null!;
    private RecordingLog _log = null!;

    [SetUp]
    public void SetUp()
    {
        _path = new TempDirectory("rdscsi-empty-path");
        _log = new RecordingLog();
    }

    [TearDown]
    public void TearDown() => _path.Dispose();

    private Cake.Core.ICakeContext Context() =>
        CakeContexts.Create(_path.Path, environment: new Dictionary<string, string?> { ["PATH"] = _path.Path }, log: _log);

    private BuildConfigurationException Stops(params ToolRequirement[] requirements) =>
        Assert.Throws<BuildConfigurationException>(() => ToolPreflight.Ensure(Context(), requirements))!;

    [TestCase("git")]
    [TestCase("buildah")]
    [TestCase("skopeo")]
    [TestCase("docker-registry")]
    [TestCase("umoci")]
    public void A_missing_tool_is_named_with_the_Debian_package_that_provides_it(string command)
    {
        var requirement = command switch
        {
            "git" => ToolRequirement.Git("a task"),
            "buildah" => ToolRequirement.Buildah("a task"),
            "skopeo" => ToolRequirement.Skopeo("a task"),
            "docker-registry" => ToolRequirement.Registry("a task"),
            _ => ToolRequirement.Umoci("a task"),
        };

        Assert.That(requirement, Is.EqualTo(new ToolRequirement(command, command, "a task", $"apt-get install {command}")));
        Assert.That(Stops(requirement).Problems, Is.EqualTo(new[] { $"'{command}' is not installed (needed by a task): apt-get install {command}." }));
    }

    [Test]
    public void Docker_has_no_Debian_package_and_is_named_with_the_buildx_install_page_and_the_buildah_alternative()
    {
        var error = Stops(ToolRequirement.DockerBuildx("Build"));

        Assert.That(error.Problems, Is.EqualTo(new[]
        {
            "'docker' is not installed (needed by Build): install Docker with the buildx plugin (https://docs.docker.com/build/install-buildx/), or use --builder=buildah.",
        }));
    }

    [Test]
    public void A_tool_needed_by_several_tasks_is_named_once_with_every_task()
    {
        var error = Stops(ToolRequirement.Skopeo("Push"), ToolRequirement.Skopeo("Sbom"), ToolRequirement.Skopeo("Push"));

        Assert.That(error.Problems, Is.EqualTo(new[] { "'skopeo' is not installed (needed by Push, Sbom): apt-get install skopeo." }));
    }

    [Test]
    public void Several_missing_Debian_tools_also_get_one_apt_get_line_for_all_of_them()
    {
        var error = Stops(ToolRequirement.Buildah("Build"), ToolRequirement.DockerBuildx("Build"), ToolRequirement.Umoci("Sbom"));

        Assert.That(error.Problems, Is.EqualTo(new[]
        {
            "'buildah' is not installed (needed by Build): apt-get install buildah.",
            "'docker' is not installed (needed by Build): install Docker with the buildx plugin (https://docs.docker.com/build/install-buildx/), or use --builder=buildah.",
            "'umoci' is not installed (needed by Sbom): apt-get install umoci.",
            "On Debian or Ubuntu, all at once: sudo apt-get install -y buildah umoci",
        }));
    }

    [Test]
    public void One_missing_Debian_tool_gets_no_all_at_once_line()
    {
        var error = Stops(ToolRequirement.Buildah("Build"), ToolRequirement.DockerBuildx("Build"));

        Assert.That(error.Problems, Has.Count.EqualTo(2));
        Assert.That(error.Problems, Has.None.Contains("all at once"));
    }

    [Test]
    public void A_tool_present_on_PATH_passes_FakeTool()
    {
        using var tool = new FakeTool("rdscsi-fake-present", "exit 0\n");

        Assert.DoesNotThrow(() => ToolPreflight.Ensure(tool.Context(_path.Path, _log), [ToolRequirement.Debian("rdscsi-fake-present", "rdscsi-fake-present", "a test")]));
        Assert.That(_log.Text, Does.Not.Contain("Installing"));
        Assert.That(ToolPreflight.IsInstalled(tool.Context(_path.Path), "rdscsi-fake-present"), Is.True);
        Assert.That(ToolPreflight.IsInstalled(tool.Context(_path.Path), "rdscsi-fake-absent"), Is.False);
    }

    [Test]
    public void Apt_installs_every_missing_Debian_tool_in_one_call_naming_all_tasks_FakeAptGet_Contract()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            Assert.Ignore("the build installs with apt-get only as root");
        }

        // A stand-in apt-get on the test's PATH only: it records its arguments and "installs" a package by writing a
        // stub executable of that name into the same folder. The host's packages are never touched.
        using var records = new TempDirectory("rdscsi-fake-apt-record");
        var record = records.Combine("apt-get.log");
        var apt = _path.Write("apt-get", $$"""
            #!/bin/sh
            echo "$*" >> '{{record}}'
            [ "$1" = install ] || exit 0
            for package in "$@"; do
              case "$package" in -*|install|rdscsi-fake-b) continue ;; esac
              printf '#!/bin/sh\n' > '{{_path.Path}}'/"$package"
              /bin/chmod 755 '{{_path.Path}}'/"$package"
            done
            """);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(apt, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var error = Stops(ToolRequirement.Debian("rdscsi-fake-a", "rdscsi-fake-a", "Lint"), ToolRequirement.Debian("rdscsi-fake-b", "rdscsi-fake-b", "Build"));

        Assert.Multiple(() =>
        {
            Assert.That(_log.Text, Does.Contain("Installing rdscsi-fake-a, rdscsi-fake-b with apt-get (needed by Lint, Build)"));
            Assert.That(File.ReadAllLines(record), Is.EqualTo(new[] { "update -qq", "install -y -qq --no-install-recommends rdscsi-fake-a rdscsi-fake-b" }));
            Assert.That(error.Problems, Is.EqualTo(new[] { "'rdscsi-fake-b' is not installed (needed by Build): apt-get install rdscsi-fake-b." }), "what apt did not install is still reported");
        });
    }

    [Test]
    public void A_tool_without_a_Debian_package_is_never_handed_to_apt_FakeAptGet_Contract()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            Assert.Ignore("the build installs with apt-get only as root");
        }

        // A stand-in apt-get on the test's PATH only, which records that it ran. The host's packages are never touched.
        using var records = new TempDirectory("rdscsi-fake-apt-record");
        var record = records.Combine("apt-get.log");
        var apt = _path.Write("apt-get", $"#!/bin/sh\necho \"$*\" >> '{record}'\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(apt, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var error = Stops(ToolRequirement.DockerBuildx("Build"));

        Assert.That(error.Problems, Has.Count.EqualTo(1).And.Some.StartsWith("'docker' is not installed (needed by Build): install Docker with the buildx plugin"));
        Assert.That(_log.Text, Does.Not.Contain("Installing"));
        Assert.That(File.Exists(record), Is.False, "apt-get did not run");
    }
}
