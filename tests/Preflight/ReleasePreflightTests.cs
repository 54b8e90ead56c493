using System.Net;
using System.Net.Sockets;
using Build.Configuration;
using Build.Preflight;
using Build.Tasks;
using Build.Tests.Support;

namespace Build.Tests.Preflight;

/// <summary>
/// The rules of the preflight that runs before the first task: bad input and missing tools stop the run, each problem
/// named with the input and its fix, before anything is built or pushed; nothing is reported when all is well. PATH is
/// a folder of this test's own (fake tools, named as such, where a tool must be present); no apt-get is ever on it.
/// </summary>
public sealed class ReleasePreflightTests : TempDirectoryTest
{
    private TempDirectory _bin = null!;

    [SetUp]
    public void SetUp()
    {
        _bin = new TempDirectory("rdscsi-preflight-bin");
    }

    [TearDown]
    public void TearDown() => _bin.Dispose();

    /// <summary>A port on loopback where nothing listens.</summary>
    internal static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private void FakeTools(params string[] names)
    {
        foreach (var name in names)
        {
            var path = _bin.Write(name, "#!/bin/sh\nexit 0\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }
    }

    private BuildContext Context(Dictionary<string, string>? arguments, Dictionary<string, string>? settings, params Type[] plan)
    {
        var environment = new Dictionary<string, string?>
        {
            ["GITHUB_ACTIONS"] = null, ["GITHUB_REF"] = null, ["GITHUB_TOKEN"] = null,
            ["REGISTRY_USERNAME"] = null, ["REGISTRY_PASSWORD"] = null, ["PATH"] = _bin.Path,
        };
        var cake = CakeContexts.Create(Working.Path, arguments, settings, environment, Log);
        var context = new BuildContext(cake, BuildOptions.Read(cake));
        context.UsePlan(BuildPlan.Of(plan));
        return context;
    }

    private BuildConfigurationException Stops(BuildContext context) =>
        Assert.Throws<BuildConfigurationException>(() => ReleasePreflight.Run(context))!;

    [Test]
    public void A_plan_whose_tools_are_all_on_PATH_passes_and_installs_nothing_FakeTool()
    {
        FakeTools("git");

        Assert.DoesNotThrow(() => ReleasePreflight.Run(Context(null, null, typeof(VersionTask))));
        Assert.That(Log.Text, Does.Not.Contain("Installing"));
    }

    [Test]
    public void A_missing_tool_stops_naming_it_the_task_that_needs_it_and_the_Debian_package()
    {
        var error = Stops(Context(null, null, typeof(VersionTask)));

        Assert.That(error.Problems, Is.EqualTo(new[] { "'git' is not installed (needed by Version): apt-get install git." }));
    }

    [Test]
    public void A_missing_image_context_and_Dockerfile_stop_naming_both_settings_and_the_fix_before_any_tool_is_checked()
    {
        var context = Context(new() { ["builder"] = "buildah" }, new() { ["Release_Context"] = "no-such-source", ["Release_Dockerfile"] = "no-such-source/Dockerfile" }, typeof(BuildTask));

        var error = Stops(context);

        Assert.That(error.Problems, Is.EqualTo(new[]
        {
            $"Release_Context: the image build context '{Path.Combine(Working.Path, "no-such-source")}' does not exist; point [Release] Context in cake.config at the driver's source.",
            $"Release_Dockerfile: '{Path.Combine(Working.Path, "no-such-source", "Dockerfile")}' does not exist; point [Release] Dockerfile in cake.config at the image's Dockerfile.",
        }));
    }

    [Test]
    public void An_existing_image_context_and_Dockerfile_pass_to_the_tool_check()
    {
        Directory.CreateDirectory(Path.Combine(Working.Path, "src"));
        File.WriteAllText(Path.Combine(Working.Path, "src", "Dockerfile"), "FROM scratch\n");

        var error = Stops(Context(new() { ["builder"] = "buildah" }, new() { ["Release_Context"] = "src" }, typeof(BuildTask)));

        Assert.That(error.Problems, Is.EqualTo(new[] { "'buildah' is not installed (needed by Build): apt-get install buildah." }));
    }

    [Test]
    public void Publish_mode_refuses_the_sample_image_naming_the_settings_to_change()
    {
        var sample = Path.Combine(Working.Path, "tests", "fixtures", "sample-driver");
        Directory.CreateDirectory(sample);
        File.WriteAllText(Path.Combine(sample, "Dockerfile"), "FROM scratch\n");
        FakeTools("buildah");

        var error = Stops(Context(new() { ["builder"] = "buildah", ["mode"] = "publish", ["image"] = $"127.0.0.1:{ClosedPort()}/acme/x" }, null, typeof(BuildTask)));

        Assert.That(error.Problems, Is.EqualTo(new[]
        {
            $"Release_Context: '{sample}' is the SAMPLE image (tests/fixtures/sample-driver), which publish mode never publishes; set [Release] Context and Dockerfile in cake.config to the driver's source.",
        }));
    }

    [Test]
    public void A_rehearsal_builds_the_sample_image()
    {
        var sample = Path.Combine(Working.Path, "tests", "fixtures", "sample-driver");
        Directory.CreateDirectory(sample);
        File.WriteAllText(Path.Combine(sample, "Dockerfile"), "FROM scratch\n");
        FakeTools("buildah");

        Assert.DoesNotThrow(() => ReleasePreflight.Run(Context(new() { ["builder"] = "buildah" }, null, typeof(BuildTask))));
    }

    [Test]
    public void A_publish_run_without_GITHUB_TOKEN_stops_naming_GITHUB_TOKEN_and_how_to_set_it()
    {
        var error = Stops(Context(new() { ["mode"] = "publish", ["image"] = $"127.0.0.1:{ClosedPort()}/acme/x" }, null, typeof(PublishTask)));

        Assert.That(error.Problems, Has.Exactly(1).StartsWith("GITHUB_TOKEN is not set: publish mode makes the GitHub release with it"));
        Assert.That(error.Problems.Where(problem => problem.Contains("is not installed", StringComparison.Ordinal)), Is.Empty, "bad input is reported before tools are checked");
    }

    [Test]
    public void A_missing_chart_stops_naming_the_chart_setting()
    {
        var error = Stops(Context(new() { ["image"] = $"127.0.0.1:{ClosedPort()}/acme/x" }, new() { ["Release_Chart"] = "no-such-chart" }, typeof(HelmPackageTask)));

        Assert.That(error.Problems, Has.Count.EqualTo(1));
        Assert.That(error.Problems[0], Does.StartWith("Release_Chart: ").And.Contain("no-such-chart"));
    }

    [Test]
    public void A_wrong_HELM_SIGNING_PASSPHRASE_stops_before_anything_is_pushed_naming_the_variable_and_never_the_passphrase()
    {
        var key = Build.Signing.HelmSigningKey.Generate("test <t@example.invalid>", "the-right-phrase", DateTime.UtcNow, Build.Signing.HelmKeyAlgorithm.Ed25519);
        var context = Context(new() { ["image"] = $"127.0.0.1:{ClosedPort()}/acme/x" }, null, typeof(HelmPackageTask));
        var withKey = new BuildContext(context, context.Options with { Secrets = context.Options.Secrets with { HelmSigningKey = key.ArmoredSecretKey(), HelmSigningPassphrase = "a-wrong-guess" } });

        var error = Stops(withKey);

        Assert.That(error.Problems, Has.Some.StartWith("HELM_SIGNING_KEY could not be opened: the passphrase in HELM_SIGNING_PASSPHRASE is wrong"));
        Assert.That(error.Message, Does.Not.Contain("a-wrong-guess").And.Not.Contain("the-right-phrase"));
    }

    [Test]
    public void A_rehearsal_whose_loopback_registry_is_down_needs_docker_registry_to_start_one()
    {
        FakeTools("buildah", "skopeo", "umoci", "git");

        var error = Stops(Context(new() { ["builder"] = "buildah", ["image"] = $"127.0.0.1:{ClosedPort()}/acme/x" }, null, typeof(VersionTask), typeof(PushTask)));

        Assert.That(error.Problems, Is.EqualTo(new[] { "'docker-registry' is not installed (needed by the rehearsal registry): apt-get install docker-registry." }));
    }

    [Test]
    public void A_publish_run_whose_loopback_registry_is_down_stops_naming_the_registry_and_the_fix()
    {
        FakeTools("buildah", "skopeo", "umoci", "git");
        var port = ClosedPort();

        var error = Stops(Context(new() { ["builder"] = "buildah", ["mode"] = "publish", ["image"] = $"127.0.0.1:{port}/acme/x" }, null, typeof(PushTask)));

        Assert.That(error.Message, Does.Contain($"Nothing listens at 127.0.0.1:{port} (the image 127.0.0.1:{port}/acme/x); publish mode does not start a registry: start yours or pass --image=REGISTRY/PATH."));
        Assert.That(Log.Text, Does.Not.Contain("Started a rehearsal registry"));
    }

    [Test]
    public void A_rehearsal_on_a_loopback_registry_already_listening_needs_no_docker_registry_and_passes()
    {
        FakeTools("buildah", "skopeo", "umoci", "git");
        using var registry = new RegistryProcess();

        Assert.DoesNotThrow(() => ReleasePreflight.Run(Context(new() { ["builder"] = "buildah", ["image"] = registry.Address + "/acme/x" }, null, typeof(VersionTask), typeof(PushTask))));
        Assert.That(Log.Text, Does.Contain($"The rehearsal uses the registry already listening at {registry.Address}").And.Not.Contain("Started a rehearsal registry"));
    }

    [Test]
    public void A_merge_of_digests_checks_the_digest_folder_instead_of_the_image_sources()
    {
        var digests = Path.Combine(Working.Path, "digests");
        Directory.CreateDirectory(digests);

        var error = Stops(Context(new() { ["builder"] = "buildah", ["from-digests"] = digests, ["image"] = $"127.0.0.1:{ClosedPort()}/acme/x" }, new() { ["Release_Context"] = "no-such-source" }, typeof(BuildTask), typeof(PushTask)));

        Assert.That(error.Problems.Select(problem => problem.Split(": no digest file")[0]), Is.EqualTo(new[]
        {
            $"--from-digests={digests}: missing platform linux/amd64",
            $"--from-digests={digests}: missing platform linux/arm64",
        }));
    }
}
