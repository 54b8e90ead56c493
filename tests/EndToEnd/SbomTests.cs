using System.Text.Json;
using System.Text.Json.Nodes;
using Build.Tests.Support;

namespace Build.Tests.EndToEnd;

/// <summary>
/// ./build.sh --target=Scan (rehearsal: Push, Sign, Sbom; Scan skipped without trivy) against a real registry; every
/// attestation is then read over plain HTTP and its DSSE signature checked with openssl, every SBOM validated against
/// the official SPDX schema with NJsonSchema. The image (buildah, FROM scratch) carries an absolute symbolic link to a
/// directory of the build host holding a uniquely named file.
/// </summary>
[NonParallelizable]
public sealed class SbomTests : RegistryFixture
{
    private GitRepository _repo = null!;
    private TempDirectory _host = null!;
    private string _hostFile = null!;
    private ProcessResult _result = null!;
    private const string Repository = "acme/attested";

    [OneTimeSetUp]
    public void RunRelease()
    {
        _host = new TempDirectory("rdscsi-buildhost");
        _hostFile = _host.Write("host-secret-" + Guid.NewGuid().ToString("N") + ".txt", "only on the build host\n");
        _repo = ReleaseRepository.Create();
        File.CreateSymbolicLink(Path.Combine(_repo.Path, "tests", "fixtures", "sample-driver", "rootfs", "hostlink"), _host.Path);
        _repo.Commit("an absolute link out of the image", "tests/fixtures/sample-driver/rootfs/etc/hostname", "sample\n");
        _repo.Tag("v1.2.3");
        // Only the tools a rehearsal needs are on PATH: a trivy (or syft) installed on the machine cannot change the outcome.
        using var path = ToolPath.With(ToolPath.Release);
        _result = BuildProgram.Run(_repo.Path, ["--target=Scan", $"--image={Registry.Address}/{Repository}"], new Dictionary<string, string?> { ["PATH"] = path.Value }, TimeSpan.FromMinutes(10));
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _repo.Dispose();
        _host.Dispose();
    }

    private string IndexDigest()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_repo.Path, "artifacts", "image.json")));
        return json.RootElement.GetProperty("digest").GetString()!;
    }

    private IEnumerable<string> SbomFiles() => Directory.GetFiles(Path.Combine(_repo.Path, "artifacts", "sbom"), "*.spdx.json").Order(StringComparer.Ordinal);

    /// <summary>The platform's image unpacked with skopeo and umoci, independently of the build.</summary>
    private string Unpack(string digest, TempDirectory into)
    {
        var copy = Run.Process("skopeo", ["copy", "--src-tls-verify=false", $"docker://{Registry.Address}/{Repository}@{digest}", $"oci:{into.Combine("oci")}:image"]);
        Assert.That(copy.ExitCode, Is.EqualTo(0), copy.ToString());
        var unpack = Run.Process("umoci", ["unpack", "--rootless", "--image", into.Combine("oci") + ":image", into.Combine("bundle")]);
        Assert.That(unpack.ExitCode, Is.EqualTo(0), unpack.ToString());
        return into.Combine("bundle", "rootfs");
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
    public void Which_generator_made_each_platform_SBOM_is_read_from_its_creators_not_from_the_log()
    {
        var platformSboms = SbomFiles().Where(file => !Path.GetFileName(file).StartsWith("index", StringComparison.Ordinal)).ToList();
        Assert.That(platformSboms, Is.Not.Empty);
        foreach (var file in platformSboms)
        {
            using var json = JsonDocument.Parse(File.ReadAllText(file));
            var creators = json.RootElement.GetProperty("creationInfo").GetProperty("creators").EnumerateArray().Select(creator => creator.GetString()!).ToList();
            Assert.That(creators, Has.Some.StartsWith("Tool: Microsoft.SBOMTool"), $"{file}: {string.Join(", ", creators)}");
            Assert.That(creators, Has.None.Contains("syft").IgnoreCase.And.None.Contains("trivy").IgnoreCase, file);
        }
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

    [Test]
    public void The_SBOM_of_an_image_with_an_absolute_link_to_a_host_directory_lists_no_host_file()
    {
        Assert.That(_result.ExitCode, Is.EqualTo(0), _result.ToString());
        foreach (var (platform, digest) in PlatformDigests())
        {
            using var unpacked = new TempDirectory("rdscsi-unpacked");
            var rootfs = Unpack(digest, unpacked);
            Assert.That(File.ResolveLinkTarget(Path.Combine(rootfs, "hostlink"), returnFinalTarget: false)?.FullName, Is.EqualTo(_host.Path), "the image must really carry the link");

            var text = File.ReadAllText(Path.Combine(_repo.Path, "artifacts", "sbom", platform.Replace('/', '-') + ".spdx.json"));
            var sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(_hostFile)));
            Assert.That(text, Does.Not.Contain(Path.GetFileName(_hostFile)).And.Not.Contain("hostlink"), platform);
            Assert.That(text, Does.Not.Contain(sha256), platform + ": the host file's hash");
            var files = JsonNode.Parse(text)!["files"]!.AsArray().Select(file => file!["fileName"]!.GetValue<string>()).ToList();
            Assert.That(files, Does.Contain("./rds-csi-driver").And.Contain("./etc/hostname"), "the image's own files are still listed");
        }

        Assert.That(File.ReadAllText(Path.Combine(_repo.Path, "artifacts", "sbom", "index.spdx.json")), Does.Not.Contain(Path.GetFileName(_hostFile)));
    }

    [Test]
    public void Every_SBOM_file_and_every_attested_SBOM_validates_against_the_official_schema_of_its_declared_version()
    {
        Assert.That(SbomFiles().Select(Path.GetFileName), Is.EquivalentTo(new[] { "index.spdx.json", "linux-amd64.spdx.json", "linux-arm64.spdx.json" }));
        foreach (var file in SbomFiles())
        {
            Assert.That(OfficialSpdxSchema.Errors(File.ReadAllText(file)), Is.Empty, file);
        }

        foreach (var digest in PlatformDigests().Values.Append(IndexDigest()))
        {
            var sboms = CosignEvidence.Attestations(Http, Repository, digest).Where(attestation => attestation.PredicateType == "https://spdx.dev/Document").ToList();
            Assert.That(sboms, Is.Not.Empty, digest);
            foreach (var sbom in sboms)
            {
                Assert.That(OfficialSpdxSchema.Errors(sbom.Statement["predicate"]!.ToJsonString()), Is.Empty, digest);
            }
        }

        Assert.That(_result.Output, Does.Contain("which SPDX-2.2 spells PACKAGE_MANAGER"), "the repair of sbom-tool's output is reported");
    }

    [Test]
    public void Each_verification_code_equals_sha1sum_over_the_files_of_the_unpacked_image_sorted_and_concatenated()
    {
        foreach (var (platform, digest) in PlatformDigests())
        {
            using var unpacked = new TempDirectory("rdscsi-unpacked");
            var rootfs = Unpack(digest, unpacked);
            var independent = Run.Process("bash", ["-c", "find . -type f -print0 | xargs -0 sha1sum | cut -c1-40 | LC_ALL=C sort | tr -d '\\n' | sha1sum | cut -c1-40"], rootfs);
            Assert.That(independent.ExitCode, Is.EqualTo(0), independent.ToString());

            var sbom = JsonNode.Parse(File.ReadAllText(Path.Combine(_repo.Path, "artifacts", "sbom", platform.Replace('/', '-') + ".spdx.json")))!;
            var codes = sbom["packages"]!.AsArray().Select(package => package!["packageVerificationCode"]?["packageVerificationCodeValue"]?.GetValue<string>()).OfType<string>().ToList();
            Assert.That(codes, Is.EqualTo(new[] { independent.Output.Trim() }), platform);
        }
    }

    [Test]
    public void The_index_digest_carries_an_SPDX_attestation_that_openssl_verifies_and_that_covers_every_platform_digest()
    {
        var publicKey = File.ReadAllText(Path.Combine(_repo.Path, "artifacts", "keys", "cosign.pub"));
        var index = IndexDigest();
        var attestation = CosignEvidence.Attestations(Http, Repository, index).Single(item => item.PredicateType == "https://spdx.dev/Document");

        Assert.That(OpenSsl.Verifies(publicKey, attestation.Pae, attestation.Signature), Is.True);
        Assert.That(OpenSsl.Verifies(OpenSsl.UnrelatedPublicKey(), attestation.Pae, attestation.Signature), Is.False);
        Assert.That(attestation.SubjectDigest, Is.EqualTo(index));
        var predicate = attestation.Statement["predicate"]!;
        Assert.That(predicate["name"]!.GetValue<string>(), Is.EqualTo($"{Registry.Address}/{Repository}@{index}"));
        var covered = predicate["packages"]!.AsArray()
            .SelectMany(package => package!["checksums"]?.AsArray() ?? [])
            .Where(checksum => checksum!["algorithm"]!.GetValue<string>() == "SHA256")
            .Select(checksum => "sha256:" + checksum!["checksumValue"]!.GetValue<string>())
            .ToList();
        Assert.That(covered, Is.SupersetOf(PlatformDigests().Values.Append(index)));
        Assert.That(JsonNode.DeepEquals(predicate, JsonNode.Parse(File.ReadAllText(Path.Combine(_repo.Path, "artifacts", "sbom", "index.spdx.json")))), Is.True);
    }

    [Test]
    public void The_SBOM_step_reports_each_platform_s_progress_with_the_elapsed_time()
    {
        foreach (var platform in PlatformDigests().Keys)
        {
            Assert.That(_result.Output, Does.Match($@"SBOM of {platform}: unpacking it \(umoci\) \(\d+\.\d s\)"));
            Assert.That(_result.Output, Does.Match($@"SBOM of {platform}: cataloguing with sbom-tool \(\d+\.\d s\)"));
        }
    }
}
