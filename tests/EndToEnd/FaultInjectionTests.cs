using System.Text.RegularExpressions;
using Build.Tests.Support;

namespace Build.Tests.EndToEnd;

/// <summary>A rehearsal through a proxy that fails one request in three with 503 or 429 (Retry-After): it completes, and says where it retried.</summary>
[NonParallelizable]
public sealed class FaultInjectionTests
{
    [Test]
    public void A_release_through_a_failing_registry_proxy_completes_with_logged_retries()
    {
        using var registry = new RegistryProcess();
        using var proxy = new FaultyProxy(registry.BaseUri);
        using var repo = ReleaseRepository.Create();
        repo.Tag("v1.4.0");
        var image = $"{proxy.Address}/acme/flaky";

        var result = BuildProgram.Run(repo.Path, ["--target=Release", "--image=" + image, "--Release_Retries=12", "--Release_RetryDelay=0.05"], timeout: TimeSpan.FromMinutes(10));

        TestContext.Out.WriteLine(string.Join("\n", proxy.Log));
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(proxy.Injected503, Is.GreaterThan(0));
        Assert.That(proxy.Injected429, Is.GreaterThan(0));
        var retries = Regex.Matches(result.Output, "Retrying ").Count;
        TestContext.Out.WriteLine($"proxy injected {proxy.Injected503} x 503 and {proxy.Injected429} x 429; the build logged {retries} retries");
        Assert.That(retries, Is.GreaterThan(0));
        Assert.That(result.Output, Does.Contain("429").And.Contain("503"));
        Assert.That(result.Output, Does.Contain("Released 1.4.0"));
        Assert.That(Skopeo.Tags($"{registry.Address}/acme/flaky"), Does.Contain("1.4.0"));
    }
}
