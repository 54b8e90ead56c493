using System.Formats.Tar;
using System.IO.Compression;
using Build.Tests.Support;

namespace Build.Tests.EndToEnd;

/// <summary>
/// The whole rehearsal, ./build.sh --target=Release, on a fresh repository tagged v1.2.3 against a real registry;
/// the bundle is then checked with sha256sum, tar and openssl, and VerifyRelease run against it.
/// </summary>
[NonParallelizable]
public sealed class ReleaseTests
{
    private RegistryProcess _registry = null!;
    private GitRepository _repo = null!;
    private ProcessResult _first = null!;
    private string _image = null!;
    private string Bundle => Path.Combine(_repo.Path, "artifacts", "release", "1.2.3");

    [OneTimeSetUp]
    public void Release()
    {
        _registry = new RegistryProcess();
        _repo = ReleaseRepository.Create("cake.config", "README.md");
        _repo.Tag("v1.2.3");
        _image = $"{_registry.Address}/acme/released";
        _first = BuildProgram.Run(_repo.Path, ["--target=Release", "--image=" + _image], timeout: TimeSpan.FromMinutes(10));
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _repo.Dispose();
        _registry.Dispose();
    }

    private static string Digest(string text) => System.Text.RegularExpressions.Regex.Match(text, "Pushed [^@]+@(sha256:[0-9a-f]{64})").Groups[1].Value;

    [Test]
    public void Inspect_of_the_index_digest_lists_both_platforms_the_signature_and_the_SBOM_and_provenance_attestations_each_verifying()
    {
        var digest = Digest(_first.Output);
        var skopeo = Run.Process("skopeo", ["inspect", "--raw", "--tls-verify=false", $"docker://{_image}@{digest}"]);
        Assert.That(skopeo.ExitCode, Is.Zero, skopeo.ToString());
        var platforms = System.Text.Json.Nodes.JsonNode.Parse(skopeo.Output)!["manifests"]!.AsArray()
            .Where(entry => entry!["platform"]?["os"]?.GetValue<string>() != "unknown")
            .Select(entry => entry!["digest"]!.GetValue<string>()).ToList();

        var inspect = BuildProgram.Run(_repo.Path, ["--target=Inspect", $"--image={_image}@{digest}", "--format=json", "--verbosity=quiet"]);

        Assert.That(inspect.ExitCode, Is.Zero, inspect.All);
        var report = System.Text.Json.Nodes.JsonNode.Parse(inspect.Output)!;
        Assert.That(report["digest"]!.GetValue<string>(), Is.EqualTo(digest));
        var manifests = report["manifests"]!.AsArray();
        Assert.That(manifests.Select(manifest => manifest!["platform"]?.GetValue<string>()), Is.EqualTo(new[] { null, "linux/amd64", "linux/arm64" }));
        Assert.That(manifests.Skip(1).Select(manifest => manifest!["digest"]!.GetValue<string>()), Is.EqualTo(platforms), "the platform digests skopeo reads");
        var index = manifests[0]!;
        Assert.That(index["signatures"]!.AsArray().Select(signature => signature!["verifies"]!.GetValue<bool>()), Is.EqualTo(new[] { true }), index.ToJsonString());
        var attestations = index["attestations"]!.AsArray();
        Assert.That(attestations.Select(attestation => attestation!["predicateType"]!.GetValue<string>()), Is.EquivalentTo(new[] { "https://slsa.dev/provenance/v1", "https://spdx.dev/Document" }));
        Assert.That(attestations.Select(attestation => attestation!["verifies"]!.GetValue<bool>()), Has.All.True);
        foreach (var platform in manifests.Skip(1))
        {
            Assert.That(platform!["attestations"]!.AsArray().Select(attestation => (attestation!["predicateType"]!.GetValue<string>(), attestation["verifies"]!.GetValue<bool>())), Is.EqualTo(new[] { ("https://spdx.dev/Document", true) }));
        }

        Assert.That(report["chart"]?["pinsThisImage"]?.GetValue<bool>(), Is.True, "the release's chart pins the index digest");
    }

    [Test]
    public void The_rehearsal_runs_the_whole_graph()
    {
        Assert.That(_first.ExitCode, Is.EqualTo(0), _first.ToString());
        Assert.That(_first.Output, Does.Contain("Released 1.2.3: " + _image + "@"));
    }

    [Test]
    public void Every_asset_is_there_and_sha256sum_accepts_SHA256SUMS()
    {
        var files = Directory.GetFiles(Bundle).Select(Path.GetFileName).ToList();

        Assert.That(files, Is.SupersetOf(new[]
        {
            "rds-csi-driver-1.2.3.tgz", "rds-csi-driver-1.2.3.tgz.sig", "SHA256SUMS", "SHA256SUMS.sig", "notes.md", "cosign.pub",
            "linux-amd64.spdx.json", "linux-arm64.spdx.json", "index.spdx.json", "provenance.slsa.json", "controller.yaml", "node.yaml", "kustomization.yaml",
            "rds-csi-driver-1.2.3.tgz.prov", "helm-signing.asc",
        }));
        var check = Run.Process("sha256sum", ["-c", "SHA256SUMS"], Bundle);
        Assert.That(check.ExitCode, Is.EqualTo(0), check.ToString());
        Assert.That(File.ReadAllText(Path.Combine(Bundle, "SHA256SUMS")).Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(files.Count - 3), "every asset but SHA256SUMS, its signature and notes.md");
    }

    [Test]
    public void The_chart_inside_the_package_has_the_version_and_the_pushed_digest()
    {
        var digest = Digest(_first.Output);
        var listing = Run.Process("tar", ["tzf", "rds-csi-driver-1.2.3.tgz"], Bundle).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(listing[0], Is.EqualTo("rds-csi-driver/Chart.yaml"));

        using var gzip = new GZipStream(File.OpenRead(Path.Combine(Bundle, "rds-csi-driver-1.2.3.tgz")), CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        var files = new Dictionary<string, string>();
        while (tar.GetNextEntry() is { DataStream: { } data } entry)
        {
            files[entry.Name] = new StreamReader(data).ReadToEnd();
        }

        Assert.That(files["rds-csi-driver/Chart.yaml"], Does.Contain("\nversion: 1.2.3\n").And.Contain("appVersion: \"1.2.3\""));
        Assert.That(files["rds-csi-driver/values.yaml"], Does.Contain($"  digest: \"{digest}\"").And.Contain($"  repository: \"{_image}\""));
        Assert.That(files["rds-csi-driver/values.yaml"], Does.Contain("# The driver image digest"), "comments are kept");
        Assert.That(File.ReadAllText(Path.Combine(Bundle, "controller.yaml")), Does.Contain(_image + "@" + digest));
    }

    [Test]
    public void The_chart_s_Helm_provenance_verifies_with_gpg_and_the_exported_rehearsal_key_and_carries_the_package_s_sha256()
    {
        var provenance = Path.Combine(Bundle, "rds-csi-driver-1.2.3.tgz.prov");
        var exported = File.ReadAllText(Path.Combine(_repo.Path, "artifacts", "keys", "helm-signing.asc"));
        Assert.That(File.ReadAllText(Path.Combine(Bundle, "helm-signing.asc")), Is.EqualTo(exported), "the released public key is the rehearsal key's");
        using var gpg = new Gpg();
        gpg.Import(exported);

        var verify = gpg.Verify(provenance);

        Assert.That(verify.ExitCode, Is.EqualTo(0), verify.ToString());
        Assert.That(verify.Output, Does.Contain("[GNUPG:] GOODSIG"));
        var sha256 = Run.Process("sha256sum", ["rds-csi-driver-1.2.3.tgz"], Bundle).Output.Split(' ')[0];
        var chartYaml = Run.Process("tar", ["xzf", "rds-csi-driver-1.2.3.tgz", "-O", "rds-csi-driver/Chart.yaml"], Bundle).Output;
        Assert.That(gpg.SignedText(provenance), Is.EqualTo(chartYaml + "\n...\nfiles:\n  rds-csi-driver-1.2.3.tgz: sha256:" + sha256 + "\n").Or.EqualTo(chartYaml + "\n...\nfiles:\n  rds-csi-driver-1.2.3.tgz: sha256:" + sha256));

        using var copy = new TempDirectory("rdscsi-prov");
        var changed = copy.Write("changed.prov", File.ReadAllText(provenance).Replace("version: 1.2.3", "version: 1.2.4", StringComparison.Ordinal));
        Assert.That(gpg.Verify(changed).ExitCode, Is.Not.EqualTo(0), "a changed byte fails");
    }

    [Test]
    public void The_packaged_Chart_yaml_carries_Artifact_Hub_s_annotations_naming_the_released_index_digest_and_keeps_its_comments()
    {
        var chartYaml = Run.Process("tar", ["xzf", "rds-csi-driver-1.2.3.tgz", "-O", "rds-csi-driver/Chart.yaml"], Bundle).Output;
        var annotations = Build.Charts.ChartMetadata.Parse(chartYaml, "the packaged Chart.yaml").Annotations;

        var images = new YamlDotNet.Serialization.Deserializer().Deserialize<List<Dictionary<string, string>>>(annotations["artifacthub.io/images"]);
        Assert.That(images[0], Is.EqualTo(new Dictionary<string, string> { ["name"] = "released", ["image"] = $"{_image}:1.2.3@{Digest(_first.Output)}" }));
        Assert.That(images, Has.Some.EqualTo(new Dictionary<string, string> { ["name"] = "csi-provisioner", ["image"] = "registry.k8s.io/sig-storage/csi-provisioner:v6.3.0" }), "a sidecar this rehearsal could not pin is named by its tag");
        Assert.That(images, Has.Count.EqualTo(7), "the driver and its 6 sidecars");
        Assert.That(annotations["artifacthub.io/prerelease"], Is.EqualTo("false"));
        Assert.That(annotations["artifacthub.io/license"], Is.EqualTo("Apache-2.0"));
        var signKey = new YamlDotNet.Serialization.Deserializer().Deserialize<Dictionary<string, string>>(annotations["artifacthub.io/signKey"]);
        using var gpg = new Gpg();
        gpg.Import(File.ReadAllText(Path.Combine(Bundle, "helm-signing.asc")));
        Assert.That(gpg.Run("--list-keys", "--with-colons").Output, Does.Contain("fpr:::::::::" + signKey["fingerprint"] + ":"));
        Assert.That(signKey["url"], Does.EndWith("/releases/download/v1.2.3/helm-signing.asc"));
        Assert.That(chartYaml, Does.StartWith("# The RDS CSI driver's Helm chart."), "comments are kept");
    }

    [Test]
    public void A_rehearsal_that_cannot_reach_registry_k8s_io_says_which_sidecars_stay_unpinned_and_goes_on()
    {
        Assert.That(_first.ExitCode, Is.EqualTo(0), _first.ToString());
        Assert.That(_first.All, Does.Contain("6 of 6 sidecar images stay unpinned in this rehearsal's chart")
            .And.Contain("registry.k8s.io/sig-storage/csi-provisioner:v6.3.0: registry.k8s.io could not be read"));
        Assert.That(_first.Output, Does.Contain("VerifyRelease NOTE   the chart pins its 6 sidecar images by digest (unpinned: registry.k8s.io/sig-storage/csi-provisioner:v6.3.0"));
    }

    [Test]
    public void The_chart_and_checksum_signatures_verify_with_openssl_and_cosign_pub()
    {
        var publicKey = File.ReadAllText(Path.Combine(Bundle, "cosign.pub"));
        foreach (var file in new[] { "rds-csi-driver-1.2.3.tgz", "SHA256SUMS" })
        {
            var signature = File.ReadAllText(Path.Combine(Bundle, file + ".sig")).Trim();
            Assert.That(OpenSsl.Verifies(publicKey, File.ReadAllBytes(Path.Combine(Bundle, file)), signature), Is.True, file);
            Assert.That(OpenSsl.Verifies(OpenSsl.UnrelatedPublicKey(), File.ReadAllBytes(Path.Combine(Bundle, file)), signature), Is.False, file);
        }
    }

    [Test]
    public void Each_platform_s_binary_archive_is_in_SHA256SUMS_signed_for_cosign_pub_and_holds_the_sample_driver_binary()
    {
        var publicKey = File.ReadAllText(Path.Combine(Bundle, "cosign.pub"));
        var sums = File.ReadAllText(Path.Combine(Bundle, "SHA256SUMS"));
        var check = Run.Process("sha256sum", ["-c", "SHA256SUMS"], Bundle);
        Assert.That(check.ExitCode, Is.EqualTo(0), check.ToString());
        foreach (var architecture in new[] { "amd64", "arm64" })
        {
            var name = $"rds-csi-driver_1.2.3_linux_{architecture}.tar.gz";
            var archive = Path.Combine(Bundle, name);
            Assert.That(check.Output, Does.Contain(name + ": OK"));
            Assert.That(sums, Does.Contain("  " + name + "\n"));

            var signature = File.ReadAllText(archive + ".sig").Trim();
            Assert.That(OpenSsl.Verifies(publicKey, File.ReadAllBytes(archive), signature), Is.True, name);
            Assert.That(OpenSsl.Verifies(OpenSsl.UnrelatedPublicKey(), File.ReadAllBytes(archive), signature), Is.False, name);

            var listing = Run.Process("tar", ["--numeric-owner", "-tzvf", archive]);
            Assert.That(listing.ExitCode, Is.EqualTo(0), listing.ToString());
            var lines = listing.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.That(lines.Select(line => line.Split(' ')[^1]), Is.EqualTo(new[] { "README.md", "rds-csi-driver" }), "sorted, top level, README.md of the repository (it has no LICENSE)");
            Assert.That(lines[0], Does.StartWith("-rw-r--r-- 0/0 "));
            Assert.That(lines[1], Does.StartWith("-rwxr-xr-x 0/0 "));

            using var extracted = new TempDirectory();
            Assert.That(Run.Process("tar", ["-xzf", archive, "-C", extracted.Path]).ExitCode, Is.EqualTo(0));
            var fixture = Path.Combine(BuildProgram.RepositoryRoot, "tests", "fixtures", "sample-driver", "bin", architecture, "rds-csi-driver");
            var compare = Run.Process("cmp", [fixture, extracted.Combine("rds-csi-driver")]);
            Assert.That(compare.ExitCode, Is.EqualTo(0), compare.ToString());
            Assert.That(_first.Output, Does.Match($@"VerifyRelease OK     rds-csi-driver in {name} is /rds-csi-driver of {System.Text.RegularExpressions.Regex.Escape(_image)}@sha256:[0-9a-f]{{64}} byte for byte"));
        }
    }

    [Test]
    public void VerifyRelease_fails_on_an_archive_whose_binary_differs_from_the_image_even_when_its_signature_and_SHA256SUMS_hold()
    {
        // In a copy of the run: the Binaries task's archive is replaced by a validly signed one of another binary, then
        // Publish gathers, signs SHA256SUMS and verifies.
        using var copy = WorkingCopy.Of(_repo.Path);
        var name = "rds-csi-driver_1.2.3_linux_amd64.tar.gz";
        var archive = copy.Combine("artifacts", "binaries", "1.2.3", name);
        File.WriteAllBytes(archive, Build.Binaries.BinaryArchive.Pack(
            [new Build.Binaries.ArchiveFile("rds-csi-driver", "#!/bin/sh\necho not the image's driver\n"u8.ToArray(), true)], DateTimeOffset.UnixEpoch));
        var signer = InMemoryContexts.Create(copy.Path).Services.Signer;
        signer.PrepareKeys();
        signer.SignBlob(new Cake.Core.IO.FilePath(archive));
        Assert.That(OpenSsl.Verifies(File.ReadAllText(copy.Combine("artifacts", "keys", "cosign.pub")), File.ReadAllBytes(archive), File.ReadAllText(archive + ".sig").Trim()), Is.True, "the replacement is signed by the rehearsal key");

        var failed = BuildProgram.Run(copy.Path, ["--target=Publish", "--exclusive", "--image=" + _image], timeout: TimeSpan.FromMinutes(5));

        Assert.That(failed.ExitCode, Is.EqualTo(1), failed.ToString());
        Assert.That(failed.Output, Does.Contain("VerifyRelease OK     " + name + " is signed"));
        Assert.That(failed.Output, Does.Match($@"VerifyRelease FAILED rds-csi-driver in {name} is /rds-csi-driver of {System.Text.RegularExpressions.Regex.Escape(_image)}@sha256:[0-9a-f]{{64}} byte for byte \(sha256 [0-9a-f]{{64}}; the archive's [0-9a-f]{{64}}\)"));
    }

    [Test]
    public void The_notes_carry_the_changelog_section_the_digest_and_the_verification_commands()
    {
        var notes = File.ReadAllText(Path.Combine(Bundle, "notes.md"));

        Assert.That(notes, Does.Contain("CHANGELOG.md has no section for 1.2.3"));
        Assert.That(notes, Does.Contain(_image + "@" + Digest(_first.Output)));
        Assert.That(notes, Does.Contain("cosign verify --key cosign.pub").And.Contain("cosign verify-attestation --type spdxjson").And.Contain("sha256sum -c SHA256SUMS"));
        Assert.That(notes, Does.Contain($"cosign verify-attestation --type slsaprovenance1 --key cosign.pub --insecure-ignore-tlog=true {_image}@{Digest(_first.Output)}"));
        Assert.That(notes, Does.Contain("gpg --dearmor < helm-signing.asc > helm-signing.gpg\nhelm verify --keyring helm-signing.gpg rds-csi-driver-1.2.3.tgz\n"));
    }

    [Test]
    public void VerifyRelease_reports_the_provenance_naming_the_commit_of_the_tag_and_fails_when_the_provenance_asset_is_changed()
    {
        var verify = BuildProgram.Run(_repo.Path, ["--target=VerifyRelease", "--image=" + _image]);

        Assert.That(verify.ExitCode, Is.EqualTo(0), verify.ToString());
        Assert.That(verify.Output, Does.Contain($"OK     the SLSA provenance attestation of {_image}@{Digest(_first.Output)} verifies and carries provenance.slsa.json"));
        Assert.That(verify.Output, Does.Contain($"OK     the provenance names {_repo.Head[..12]}, the commit of tag v1.2.3"));
        Assert.That(verify.Output, Does.Contain("OK     rds-csi-driver-1.2.3.tgz.prov verifies with helm-signing.asc ("));

        // Tampered in a copy of the run: the shared bundle stays as the release left it.
        using var copy = WorkingCopy.Of(_repo.Path);
        var provenance = copy.Combine("artifacts", "release", "1.2.3", "provenance.slsa.json");
        File.WriteAllText(provenance, File.ReadAllText(provenance).Replace(_repo.Head, new string('0', 40), StringComparison.Ordinal));

        var failed = BuildProgram.Run(copy.Path, ["--target=VerifyRelease", "--image=" + _image]);

        Assert.That(failed.ExitCode, Is.EqualTo(1), failed.ToString());
        Assert.That(failed.All, Does.Contain("FAILED").And.Contain("provenance.slsa.json"));
    }

    [Test]
    public void VerifyRelease_checks_the_SBOM_attested_to_the_index_digest_and_that_it_covers_every_platform()
    {
        var verify = BuildProgram.Run(_repo.Path, ["--target=VerifyRelease", "--image=" + _image]);
        var index = Digest(_first.Output);

        Assert.That(verify.ExitCode, Is.EqualTo(0), verify.ToString());
        Assert.That(verify.Output, Does.Contain($"OK     the SBOM attestation of the index {_image}@{index} verifies and carries index.spdx.json"));
        Assert.That(verify.Output, Does.Contain("OK     index.spdx.json validates against the official SPDX schema of its version"));
        Assert.That(verify.Output, Does.Contain("OK     the SBOM of the index covers every platform image (2)"));
        Assert.That(verify.Output, Does.Contain("OK     linux-amd64.spdx.json validates against the official SPDX schema of its version"));
    }

    [Test]
    public void The_summary_s_verify_commands_name_files_that_exist_from_the_repository_root_and_its_checksum_command_passes_there()
    {
        var lines = _first.Output.Split('\n').SkipWhile(line => line.Trim() != "Verify it with:").Skip(1).TakeWhile(line => line.StartsWith("  ", StringComparison.Ordinal)).Select(line => line.Trim()).ToList();
        var publicKey = File.ReadAllText(Path.Combine(_repo.Path, "artifacts", "keys", "cosign.pub"));

        Assert.That(lines, Has.Some.StartWith("cosign verify --key artifacts/keys/cosign.pub "));
        Assert.That(lines, Has.Some.EqualTo($"cosign verify-attestation --type spdxjson --key artifacts/keys/cosign.pub --insecure-ignore-tlog=true {_image}@{Digest(_first.Output)}"));
        foreach (var line in lines.Where(line => line.StartsWith("cosign ", StringComparison.Ordinal)))
        {
            var words = line.Split(' ');
            var key = words[Array.IndexOf(words, "--key") + 1];
            Assert.That(File.Exists(Path.Combine(_repo.Path, key)), Is.True, line);
            if (words[1] == "verify-blob")
            {
                var signature = words[Array.IndexOf(words, "--signature") + 1];
                var file = words[^1];
                Assert.That(OpenSsl.Verifies(publicKey, File.ReadAllBytes(Path.Combine(_repo.Path, file)), File.ReadAllText(Path.Combine(_repo.Path, signature)).Trim()), Is.True, line);
            }
        }

        var checksums = lines.Single(line => line.Contains("sha256sum -c", StringComparison.Ordinal));
        var pasted = Run.Process("bash", ["-c", checksums], _repo.Path);
        Assert.That(pasted.ExitCode, Is.EqualTo(0), checksums + "\n" + pasted);
        Assert.That(lines.Count(line => line.StartsWith("cosign verify-blob", StringComparison.Ordinal)), Is.EqualTo(2));
    }

    [Test]
    public void A_second_run_changes_no_file_and_says_so_then_VerifyRelease_passes_and_fails_on_one_changed_byte()
    {
        // The second run and the tampering happen in a copy of the run (cp -a keeps the times): the shared fixture is only read.
        using var copy = WorkingCopy.Of(_repo.Path);
        var bundle = copy.Combine("artifacts", "release", "1.2.3");
        var before = Directory.GetFiles(bundle).ToDictionary(file => file, file => (File.ReadAllBytes(file), File.GetLastWriteTimeUtc(file)));

        var second = BuildProgram.Run(copy.Path, ["--target=Release", "--image=" + _image], timeout: TimeSpan.FromMinutes(10));

        Assert.That(second.ExitCode, Is.EqualTo(0), second.ToString());
        Assert.That(second.Output, Does.Contain("all already up to date (nothing changed)"));
        foreach (var (file, (bytes, written)) in before)
        {
            Assert.That(File.ReadAllBytes(file), Is.EqualTo(bytes), file);
            Assert.That(File.GetLastWriteTimeUtc(file), Is.EqualTo(written), file);
        }

        var verify = BuildProgram.Run(copy.Path, ["--target=VerifyRelease", "--image=" + _image]);
        Assert.That(verify.ExitCode, Is.EqualTo(0), verify.ToString());
        Assert.That(verify.Output, Does.Contain("Every check of release 1.2.3 holds"));

        var chart = Path.Combine(bundle, "rds-csi-driver-1.2.3.tgz");
        var tampered = File.ReadAllBytes(chart);
        tampered[tampered.Length / 2] ^= 0x01;
        File.WriteAllBytes(chart, tampered);

        var failed = BuildProgram.Run(copy.Path, ["--target=VerifyRelease", "--image=" + _image]);

        Assert.That(failed.ExitCode, Is.EqualTo(1), failed.ToString());
        Assert.That(failed.All, Does.Contain("FAILED").And.Contain("rds-csi-driver-1.2.3.tgz"));
    }

    [Test]
    public void An_untagged_commit_as_in_a_fresh_clone_rehearses_the_whole_release_found_by_its_sha_tag()
    {
        using var repo = ReleaseRepository.Create("cake.config");
        var image = $"{_registry.Address}/acme/untagged";

        var release = BuildProgram.Run(repo.Path, ["--target=Release", "--image=" + image], timeout: TimeSpan.FromMinutes(10));
        var verify = BuildProgram.Run(repo.Path, ["--target=VerifyRelease", "--image=" + image]);

        Assert.That(release.ExitCode, Is.EqualTo(0), release.ToString());
        Assert.That(release.Output, Does.Contain($"OK     {image}:sha-{repo.ShortHead} exists in the registry"));
        Assert.That(verify.ExitCode, Is.EqualTo(0), verify.ToString());
        Assert.That(verify.Output, Does.Contain("Every check of release 0.1.0-dev.1 holds"));

        // Checked independently of the program's own "OK" lines: skopeo resolves the sha tag, openssl verifies the signature.
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(repo.Path, "artifacts", "image.json")));
        var digest = json.RootElement.GetProperty("digest").GetString()!;
        Assert.That(repo.ShortHead, Does.Match("^[0-9a-f]{7}$"));
        Assert.That(Skopeo.Digest($"{image}:sha-{repo.ShortHead}"), Is.EqualTo(digest), "the sha tag points at the digest in image.json");
        using var http = new RegistryHttp(_registry.Address);
        var publicKey = File.ReadAllText(Path.Combine(repo.Path, "artifacts", "keys", "cosign.pub"));
        Assert.That(CosignEvidence.HasVerifiedSignature(http, "acme/untagged", digest, publicKey), Is.True, "openssl verifies the index signature with the rehearsal cosign.pub");
        Assert.That(CosignEvidence.HasVerifiedSignature(http, "acme/untagged", digest, OpenSsl.UnrelatedPublicKey()), Is.False, "and not with another key");
    }
}
