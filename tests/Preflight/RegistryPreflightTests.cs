using Build.Configuration;
using Build.Preflight;
using Build.Tasks;
using Build.Tests.Support;

namespace Build.Tests.Preflight;

/// <summary>The registry check before the first task: a registry that does not answer as one stops the run, naming it and the fix.</summary>
public sealed class RegistryPreflightTests : TempDirectoryTest
{
    private BuildContext Context(string image, bool publish = false, string? password = null)
    {
        var arguments = new Dictionary<string, string> { ["image"] = image };
        if (publish)
        {
            arguments["mode"] = "publish";
        }

        var environment = new Dictionary<string, string?>
        {
            ["GITHUB_ACTIONS"] = null, ["GITHUB_REF"] = null, ["GITHUB_TOKEN"] = null,
            ["REGISTRY_USERNAME"] = password is null ? null : "someone", ["REGISTRY_PASSWORD"] = password, ["PATH"] = Working.Path,
        };
        var cake = CakeContexts.Create(Working.Path, arguments, environment: environment, log: Log);
        var context = new BuildContext(cake, BuildOptions.Read(cake));
        context.UsePlan(BuildPlan.Of(typeof(PushTask)));
        return context;
    }

    private static LoopbackHttpListener NotARegistry() => new((http, _) =>
    {
        http.Response.StatusCode = 404;
        http.Response.Close();
    });

    [Test]
    public void A_server_that_is_no_registry_stops_naming_the_image_and_the_settings_to_check()
    {
        using var server = NotARegistry();
        var image = $"127.0.0.1:{server.Port}/acme/x";

        var error = Assert.Throws<BuildConfigurationException>(() => RegistryPreflight.EnsureAsync(Context(image)).GetAwaiter().GetResult())!;

        Assert.That(error.Message, Does.StartWith($"The registry of {image} did not answer as a registry: ").And.EndWith("Check --image / [Release] Image and your login (REGISTRY_USERNAME/REGISTRY_PASSWORD or docker login)."));
        Assert.That(Log.Text, Does.Not.Contain("REGISTRY_USERNAME/REGISTRY_PASSWORD belong to"), "no password, no note about it");
    }

    [Test]
    public void A_rehearsal_says_the_registry_password_is_not_sent_to_the_rehearsal_registry()
    {
        using var server = NotARegistry();
        var image = $"127.0.0.1:{server.Port}/acme/x";

        Assert.Throws<BuildConfigurationException>(() => RegistryPreflight.EnsureAsync(Context(image, password: "rdscsi-test-password")).GetAwaiter().GetResult());

        Assert.That(Log.Text, Does.Contain($"REGISTRY_USERNAME/REGISTRY_PASSWORD belong to ghcr.io: the rehearsal registry 127.0.0.1:{server.Port} gets no credentials (rehearse with --image=ghcr.io/... to use them there)"));
        Assert.That(Log.Text, Does.Not.Contain("rdscsi-test-password"));
    }

    [Test]
    public void A_rehearsal_on_a_registry_it_did_not_start_warns_whose_it_is_and_how_to_get_its_own()
    {
        using var registry = new RegistryProcess();
        var context = Context(registry.Address + "/acme/x");

        Assert.DoesNotThrow(() => RegistryPreflight.EnsureAsync(context).GetAwaiter().GetResult());

        Assert.That(Log.Text, Does.Contain($"The rehearsal uses the registry already listening at {registry.Address}, which this run did not start")
            .And.Contain($"set the rehearsal image's port to 0 (a free port, remembered in {context.Options.Layout.RegistryPortFile.FullPath})"));
        Assert.That(Log.Text, Does.Not.Contain("Started a rehearsal registry"));
    }

    [Test]
    public void A_publish_run_on_a_listening_registry_passes_without_a_warning()
    {
        using var registry = new RegistryProcess();

        Assert.DoesNotThrow(() => RegistryPreflight.EnsureAsync(Context(registry.Address + "/acme/x", publish: true)).GetAwaiter().GetResult());

        Assert.That(Log.Text, Does.Not.Contain("already listening").And.Not.Contain("belong to"));
    }
}
