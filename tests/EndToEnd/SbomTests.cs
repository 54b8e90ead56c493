using System.Text.Json;
using System.Text.Json.Nodes;
using Build.Tests.Support;

namespace Build.Tests.EndToEnd;

/// <summary>
/// ./build.sh --target=Scan (rehearsal: Push, Sign, Sbom; Scan skipped without trivy) against a real registry; every
/// attestation is then read over plain HTTP and its DSSE signature checked with openssl.
/// </summary>
[NonParallelizable]
public sealed class SbomTests : RegistryFixture
{
    private GitRepository _repo = null!;
    private ProcessResult _result = null!;
    private const string Repository = "acme/attested";

    [OneTimeSetUp]
    public void RunRelease()
    {
        _repo = ReleaseRepository.Create();
        _repo.Tag("v1.2.3");
        _result = BuildProgram.Run(_repo.Path, ["--target=Scan", $"--image={Registry.Address}/{Repository}"], timeout: TimeSpan.FromMinutes(10));
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _repo.Dispose();
    }

    private Dictionary<string, string> PlatformDigests()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_repo.Path, "artifacts", "image.json")));
        return json.RootElement.GetProperty("platforms").EnumerateArray()
            .ToDictionary(p => p.GetProperty("platform").GetString()!, p => p.GetProperty("digest").GetString()!);
    }

    [Test]
    public void The_run_succeeds_and_says_which_generator_made_the_SBOMs()
    {
        Assert.That(_result.ExitCode, Is.EqualTo(0), _result.ToString());
        Assert.That(_result.Output, Does.Contain("SBOM generator: sbom-tool (over the unpacked image)"));
    }

    [Test]
    public void Without_trivy_a_rehearsal_skips_Scan_and_says_why()
    {
        Assert.That(_result.Output, Does.Contain("Skipped Scan because trivy is not installed, so this rehearsal is NOT scanned"));
    }

    [Test]
    public void Each_platform_has_an_SPDX_SBOM_naming_its_image_digest_and_listing_the_go_modules()
    {
        foreach (var (platform, digest) in PlatformDigests())
        {
            var file = Path.Combine(_repo.Path, "artifacts", "sbom", platform.Replace('/', '-') + ".spdx.json");
            using var sbom = JsonDocument.Parse(File.ReadAllText(file));
            Assert.That(sbom.RootElement.GetProperty("spdxVersion").GetString(), Is.EqualTo("SPDX-2.2"));
            Assert.That(sbom.RootElement.GetProperty("name").GetString(), Is.EqualTo($"{Registry.Address}/{Repository}@{digest}"));
            var packages = sbom.RootElement.GetProperty("packages").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
            Assert.That(packages, Does.Contain("github.com/container-storage-interface/spec"));
        }
    }

    [Test]
    public void Each_platform_digest_has_an_att_tag_whose_DSSE_signature_openssl_verifies_and_whose_statement_carries_the_SBOM()
    {
        var publicKey = File.ReadAllText(Path.Combine(_repo.Path, "artifacts", "keys", "cosign.pub"));
        var digests = PlatformDigests();
        Assert.That(digests.Keys, Is.EquivalentTo(new[] { "linux/amd64", "linux/arm64" }));
        foreach (var (platform, digest) in digests)
        {
            using var manifest = Http.Manifest(Repository, digest.Replace(':', '-') + ".att");
            Assert.That(manifest, Is.Not.Null, $"no .att tag for {platform}");
            var layer = manifest!.RootElement.GetProperty("layers").EnumerateArray().Single();
            Assert.That(layer.GetProperty("mediaType").GetString(), Is.EqualTo("application/vnd.dsse.envelope.v1+json"));
            Assert.That(layer.GetProperty("annotations").GetProperty("predicateType").GetString(), Is.EqualTo("https://spdx.dev/Document"));

            var attestation = CosignEvidence.Attestations(Http, Repository, digest).Single();
            Assert.That(attestation.PayloadType, Is.EqualTo("application/vnd.in-toto+json"));
            Assert.That(OpenSsl.Verifies(publicKey, attestation.Pae, attestation.Signature), Is.True, $"openssl must verify the attestation of {platform}");
            Assert.That(OpenSsl.Verifies(OpenSsl.UnrelatedPublicKey(), attestation.Pae, attestation.Signature), Is.False);

            var statement = attestation.Statement;
            Assert.That(statement["predicateType"]!.GetValue<string>(), Is.EqualTo("https://spdx.dev/Document"));
            Assert.That(statement["subject"]![0]!["digest"]!["sha256"]!.GetValue<string>(), Is.EqualTo(digest["sha256:".Length..]));
            var sbom = JsonNode.Parse(File.ReadAllText(Path.Combine(_repo.Path, "artifacts", "sbom", platform.Replace('/', '-') + ".spdx.json")));
            Assert.That(JsonNode.DeepEquals(statement["predicate"], sbom), Is.True, "the predicate must be the SBOM file's content");
        }
    }
}
