using Build.Registry;
using Build.Tests.Support;

namespace Build.Tests.Registry;

/// <summary>
/// The tests' own "nothing was pushed" helpers (Skopeo.Tags, RegistryHttp.Tags) against a real docker-registry process:
/// only "repository unknown" means no tags; a registry that is down or answers an error makes them throw, so that a
/// "nothing pushed" assertion cannot pass when the check could not run.
/// </summary>
[NonParallelizable]
public sealed class TagListingHelpersTests
{
    [Test]
    public void An_unknown_repository_of_a_running_registry_has_no_tags()
    {
        using var registry = new RegistryProcess();
        using var http = new RegistryHttp(registry.Address);

        Assert.Multiple(() =>
        {
            Assert.That(Skopeo.Tags($"{registry.Address}/acme/never-pushed"), Is.Empty);
            Assert.That(http.Tags("acme/never-pushed"), Is.Empty);
        });
    }

    [Test]
    public void A_stopped_registry_makes_both_helpers_throw()
    {
        var registry = new RegistryProcess();
        var address = registry.Address;
        registry.Dispose();
        using var http = new RegistryHttp(address);

        Assert.Multiple(() =>
        {
            Assert.That(() => Skopeo.Tags($"{address}/acme/never-pushed"), Throws.InvalidOperationException.With.Message.Contains("whether anything was pushed is unknown"));
            Assert.That(() => http.Tags("acme/never-pushed"), Throws.InstanceOf<HttpRequestException>());
        });
    }

    [Test]
    public void A_closed_port_makes_both_helpers_throw()
    {
        var address = $"127.0.0.1:{LocalRegistry.FreeLoopbackPort()}";
        using var http = new RegistryHttp(address);

        Assert.Multiple(() =>
        {
            Assert.That(() => Skopeo.Tags($"{address}/acme/app"), Throws.InvalidOperationException.With.Message.Contains("connection refused"));
            Assert.That(() => http.Tags("acme/app"), Throws.InstanceOf<HttpRequestException>());
        });
    }

    [TestCase(500, "{\"errors\":[{\"code\":\"UNKNOWN\"}]}")]
    [TestCase(401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}")]
    [TestCase(404, "404 page not found")]
    public void A_registry_error_other_than_NAME_UNKNOWN_makes_the_HTTP_helper_throw_Contract(int status, string body)
    {
        using var server = new LoopbackHttpListener((context, _) =>
        {
            context.Response.StatusCode = status;
            var bytes = System.Text.Encoding.UTF8.GetBytes(body);
            context.Response.OutputStream.Write(bytes);
            context.Response.Close();
        });
        using var http = new RegistryHttp($"127.0.0.1:{server.Port}");

        Assert.That(() => http.Tags("acme/app"), Throws.InvalidOperationException.With.Message.Contains($"answered {status}"));
    }
}
