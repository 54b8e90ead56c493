using System.Text.RegularExpressions;
using Build.Tests.Support;

namespace Build.Tests.EndToEnd;

/// <summary>
/// A rehearsal through a proxy that fails one request in three with 503 or 429 (Retry-After): it completes, says where
/// it retried, and pushes exactly what a fault-free run of the same commit pushes (same index digest, checked with
/// skopeo), signed so that openssl verifies it with the rehearsal cosign.pub.
/// </summary>
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

        // The same commit, released without faults to a registry of its own: the reference digest.
        using var faultFree = WorkingCopy.Of(repo.Path);
        using var referenceRegistry = new RegistryProcess();
        var reference = BuildProgram.Run(faultFree.Path, ["--target=Release", $"--image={referenceRegistry.Address}/acme/flaky"], timeout: TimeSpan.FromMinutes(10));
        Assert.That(reference.ExitCode, Is.EqualTo(0), reference.ToString());

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

        var digest = IndexDigest(repo.Path);
        Assert.That(digest, Is.EqualTo(IndexDigest(faultFree.Path)), "retries change nothing in what is built: the index digest is the fault-free run's");
        Assert.That(Skopeo.Digest($"{registry.Address}/acme/flaky:1.4.0"), Is.EqualTo(digest), "the registry behind the proxy holds that index under 1.4.0");
        Assert.That(Skopeo.Digest($"{referenceRegistry.Address}/acme/flaky:1.4.0"), Is.EqualTo(digest));
        using var http = new RegistryHttp(registry.Address);
        var publicKey = File.ReadAllText(Path.Combine(repo.Path, "artifacts", "keys", "cosign.pub"));
        Assert.That(CosignEvidence.HasVerifiedSignature(http, "acme/flaky", digest, publicKey), Is.True, "openssl verifies the signature pushed through the faults with the rehearsal cosign.pub");
        var attestations = CosignEvidence.Attestations(http, "acme/flaky", digest);
        Assert.That(attestations, Is.Not.Empty);
        foreach (var attestation in attestations)
        {
            Assert.That(attestation.SubjectDigest, Is.EqualTo(digest), attestation.PredicateType);
            Assert.That(OpenSsl.Verifies(publicKey, attestation.Pae, attestation.Signature), Is.True, $"openssl verifies the {attestation.PredicateType} attestation of the index");
        }
    }

    private static string IndexDigest(string repository)
    {
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(repository, "artifacts", "image.json")));
        return json.RootElement.GetProperty("digest").GetString()!;
    }
}
