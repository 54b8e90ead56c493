using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Build.Tests.Support;

namespace Build.Tests.EndToEnd;

/// <summary>
/// ./build.sh --target=Sign against a real registry; the signature is then fetched over plain HTTP and checked with
/// openssl, independently of the signing code.
/// </summary>
[NonParallelizable]
public sealed class SignTests : RegistryFixture
{
    private static string IndexDigest(GitRepository repo)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(repo.Path, "artifacts", "image.json")));
        return json.RootElement.GetProperty("digest").GetString()!;
    }

    /// <summary>The simple-signing payloads and signatures stored under the digest's .sig tag.</summary>
    private List<(byte[] Payload, string Signature)> Signatures(string repository, string digest)
    {
        var signatures = CosignEvidence.Signatures(Http, repository, digest);
        Assert.That(signatures, Is.Not.Empty, $"no .sig manifest for {digest}");
        return [.. signatures];
    }

    [Test]
    public void A_rehearsal_signs_the_index_digest_once_and_openssl_verifies_it_with_the_rehearsal_key()
    {
        using var repo = ReleaseRepository.Create();
        repo.Tag("v1.2.3");
        var repository = "acme/signed";
        var image = $"{Registry.Address}/{repository}";

        var result = BuildProgram.Run(repo.Path, ["--target=Sign", "--image=" + image], timeout: TimeSpan.FromMinutes(5));

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        var digest = IndexDigest(repo);
        Assert.That(result.Output, Does.Contain($"Signed {image}@{digest}"));
        var publicKey = File.ReadAllText(Path.Combine(repo.Path, "artifacts", "keys", "cosign.pub"));
        var keys = Directory.GetFiles(Path.Combine(repo.Path, "artifacts", "keys")).Select(Path.GetFileName);
        Assert.That(keys, Is.EquivalentTo(new[] { "cosign.key", "cosign.pub" }), "the key sealed in the background is in place when the run ends");
        using (var privateKey = Build.Signing.CosignKeys.LoadPrivate(File.ReadAllText(Path.Combine(repo.Path, "artifacts", "keys", "cosign.key")), string.Empty))
        {
            Assert.That(Build.Signing.CosignKeys.PublicPem(privateKey), Is.EqualTo(publicKey), "cosign.key (empty password) is the pair of cosign.pub");
        }

        var signatures = Signatures(repository, digest);
        Assert.That(signatures, Has.Count.EqualTo(1));
        var (payload, signature) = signatures[0];

        using var json = JsonDocument.Parse(payload);
        var critical = json.RootElement.GetProperty("critical");
        Assert.That(critical.GetProperty("image").GetProperty("docker-manifest-digest").GetString(), Is.EqualTo(digest));
        Assert.That(critical.GetProperty("identity").GetProperty("docker-reference").GetString(), Is.EqualTo(image));
        Assert.That(critical.GetProperty("type").GetString(), Is.EqualTo("cosign container image signature"));
        Assert.That(OpenSsl.Verifies(publicKey, payload, signature), Is.True, "openssl must verify the signature with artifacts/keys/cosign.pub");
        Assert.That(OpenSsl.Verifies(OpenSsl.UnrelatedPublicKey(), payload, signature), Is.False, "an unrelated key must not verify it");

        var signatureTags = Http.Tags(repository).Where(tag => tag.EndsWith(".sig", StringComparison.Ordinal)).ToList();
        Assert.That(signatureTags, Is.EqualTo(new[] { digest.Replace(':', '-') + ".sig" }), "only the digest is signed, never each tag");
    }

    /// <summary>The in-toto statements of the DSSE envelopes under the digest's .att tag whose signature openssl verifies with <paramref name="publicKey"/>.</summary>
    private List<JsonNode> VerifiedStatements(string repository, string digest, string publicKey)
    {
        var attestations = CosignEvidence.Attestations(Http, repository, digest);
        Assert.That(attestations, Is.Not.Empty, $"no .att manifest for {digest}");
        return attestations
            .Where(attestation => attestation.PayloadType == "application/vnd.in-toto+json" && OpenSsl.Verifies(publicKey, attestation.Pae, attestation.Signature))
            .Select(attestation => attestation.Statement)
            .ToList();
    }

    [Test]
    public void A_rehearsal_attests_the_SLSA_provenance_of_the_index_digest_naming_the_commit_and_a_rerun_attests_nothing_new()
    {
        using var repo = ReleaseRepository.Create();
        repo.Tag("v2.3.4");
        var repository = "acme/provenance";
        var image = $"{Registry.Address}/{repository}";

        var first = BuildProgram.Run(repo.Path, ["--target=Sign", "--image=" + image], timeout: TimeSpan.FromMinutes(5));

        Assert.That(first.ExitCode, Is.EqualTo(0), first.ToString());
        var digest = IndexDigest(repo);
        Assert.That(first.Output, Does.Contain($"Attested the SLSA provenance of {image}@{digest}"));
        var publicKey = File.ReadAllText(Path.Combine(repo.Path, "artifacts", "keys", "cosign.pub"));
        var statement = VerifiedStatements(repository, digest, publicKey).Single();
        Assert.That(statement["predicateType"]!.GetValue<string>(), Is.EqualTo("https://slsa.dev/provenance/v1"));
        Assert.That(statement["subject"]!.AsArray().Select(subject => subject!["digest"]!["sha256"]!.GetValue<string>()), Is.EqualTo(new[] { digest["sha256:".Length..] }));
        Assert.That(statement["subject"]![0]!["name"]!.GetValue<string>(), Is.EqualTo(image));
        var predicate = statement["predicate"]!;
        Assert.That(predicate["buildDefinition"]!["resolvedDependencies"]![0]!["digest"]!["gitCommit"]!.GetValue<string>(), Is.EqualTo(repo.Head));
        Assert.That(predicate["buildDefinition"]!["externalParameters"]!["ref"]!.GetValue<string>(), Is.EqualTo("refs/tags/v2.3.4"));
        Assert.That(predicate["runDetails"]!["metadata"]!["invocationId"]!.GetValue<string>(), Does.StartWith("urn:uuid:"));
        var file = Path.Combine(repo.Path, "artifacts", "provenance.slsa.json");
        Assert.That(JsonNode.DeepEquals(predicate, JsonNode.Parse(File.ReadAllText(file))), Is.True, "artifacts/provenance.slsa.json is the attested predicate");

        var attestation = Http.ManifestDigest(repository, digest.Replace(':', '-') + ".att");
        var second = BuildProgram.Run(repo.Path, ["--target=Sign", "--image=" + image], timeout: TimeSpan.FromMinutes(5));

        Assert.That(second.ExitCode, Is.EqualTo(0), second.ToString());
        Assert.That(second.Output, Does.Contain($"Already attested the provenance of {image}@{digest}"));
        Assert.That(Http.ManifestDigest(repository, digest.Replace(':', '-') + ".att"), Is.EqualTo(attestation));

        // Without the state and the file, the verified attestation itself is found and its predicate written back.
        File.Delete(file);
        File.Delete(Path.Combine(repo.Path, "artifacts", "release-state.json"));
        var third = BuildProgram.Run(repo.Path, ["--target=Sign", "--image=" + image], timeout: TimeSpan.FromMinutes(5));

        Assert.That(third.ExitCode, Is.EqualTo(0), third.ToString());
        Assert.That(third.Output, Does.Contain($"Already attested the provenance of {image}@{digest} for commit {repo.ShortHead} (it verifies; nothing pushed)"));
        Assert.That(Http.ManifestDigest(repository, digest.Replace(':', '-') + ".att"), Is.EqualTo(attestation));
        Assert.That(JsonNode.DeepEquals(predicate, JsonNode.Parse(File.ReadAllText(file))), Is.True, "the attested predicate is written back");
    }

    [Test]
    public void A_second_run_finds_the_signature_and_pushes_no_other()
    {
        using var repo = ReleaseRepository.Create();
        repo.Tag("v1.0.0");
        var repository = "acme/resigned";
        var image = $"{Registry.Address}/{repository}";

        var first = BuildProgram.Run(repo.Path, ["--target=Sign", "--image=" + image], timeout: TimeSpan.FromMinutes(5));
        var digest = IndexDigest(repo);
        using var before = Http.Manifest(repository, digest.Replace(':', '-') + ".sig");
        var second = BuildProgram.Run(repo.Path, ["--target=Sign", "--image=" + image], timeout: TimeSpan.FromMinutes(5));
        using var after = Http.Manifest(repository, digest.Replace(':', '-') + ".sig");

        Assert.That(first.ExitCode, Is.EqualTo(0), first.ToString());
        Assert.That(second.ExitCode, Is.EqualTo(0), second.ToString());
        Assert.That(second.Output, Does.Contain($"Already signed {image}@{digest}"));
        Assert.That(after!.RootElement.ToString(), Is.EqualTo(before!.RootElement.ToString()));
    }

    [Test]
    public void Sign_platforms_also_signs_each_platform_digest()
    {
        using var repo = ReleaseRepository.Create();
        repo.Tag("v1.1.0");
        var repository = "acme/platforms";
        var image = $"{Registry.Address}/{repository}";

        var result = BuildProgram.Run(repo.Path, ["--target=Sign", "--image=" + image, "--sign-platforms"], timeout: TimeSpan.FromMinutes(5));

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        using var imageJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(repo.Path, "artifacts", "image.json")));
        var publicKey = File.ReadAllText(Path.Combine(repo.Path, "artifacts", "keys", "cosign.pub"));
        var digests = imageJson.RootElement.GetProperty("platforms").EnumerateArray().Select(p => p.GetProperty("digest").GetString()!).Append(IndexDigest(repo));
        foreach (var digest in digests)
        {
            var (payload, signature) = Signatures(repository, digest).Single();
            Assert.That(Encoding.UTF8.GetString(payload), Does.Contain(digest));
            Assert.That(OpenSsl.Verifies(publicKey, payload, signature), Is.True);
        }
    }

    [Test]
    public void GenerateKeys_then_signing_with_the_key_verifies_against_deploy_cosign_pub_and_never_prints_the_password()
    {
        using var repo = ReleaseRepository.Create();
        repo.Tag("v4.0.0");
        const string password = "correct-horse-battery-staple-93";
        var environment = new Dictionary<string, string?> { ["COSIGN_PASSWORD"] = password };
        var repository = "acme/keyed";
        var image = $"{Registry.Address}/{repository}";

        var generate = BuildProgram.Run(repo.Path, ["--target=GenerateKeys"], environment);
        var again = BuildProgram.Run(repo.Path, ["--target=GenerateKeys"], environment);
        var sign = BuildProgram.Run(repo.Path, ["--target=Sign", "--image=" + image, "--signing-key=cosign.key", "--verbosity=diagnostic"], environment, TimeSpan.FromMinutes(5));

        Assert.That(generate.ExitCode, Is.EqualTo(0), generate.ToString());
        Assert.That(File.ReadAllText(Path.Combine(repo.Path, "cosign.key")), Does.StartWith("-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----"));
        Assert.That(File.ReadAllText(Path.Combine(repo.Path, "deploy", "cosign.pub")), Does.StartWith("-----BEGIN PUBLIC KEY-----"));
        Assert.That(Run.Git(repo.Path, "check-ignore", "cosign.key").ExitCode, Is.EqualTo(0), "cosign.key must be git-ignored");
        Assert.That(again.ExitCode, Is.EqualTo(1));
        Assert.That(again.All, Does.Contain("never overwrites"));
        Assert.That(sign.ExitCode, Is.EqualTo(0), sign.ToString());
        var (payload, signature) = Signatures(repository, IndexDigest(repo)).Single();
        Assert.That(OpenSsl.Verifies(File.ReadAllText(Path.Combine(repo.Path, "deploy", "cosign.pub")), payload, signature), Is.True);
        Assert.That(generate.All + again.All + sign.All, Does.Not.Contain(password));
    }

    [Test]
    public void GenerateKeys_leaves_deploy_cosign_pub_as_the_only_untracked_file_and_no_public_key_at_the_root()
    {
        using var repo = ReleaseRepository.Create();

        var generate = BuildProgram.Run(repo.Path, ["--target=GenerateKeys"], new Dictionary<string, string?> { ["COSIGN_PASSWORD"] = "for-the-test" });

        Assert.That(generate.ExitCode, Is.EqualTo(0), generate.ToString());
        var untracked = Run.Git(repo.Path, "ls-files", "--others", "--exclude-standard").Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(untracked, Is.EqualTo(new[] { "deploy/cosign.pub" }));
        Assert.That(File.Exists(Path.Combine(repo.Path, "cosign.pub")), Is.False);
        Assert.That(File.Exists(Path.Combine(repo.Path, "cosign.key")), Is.True);
        Assert.That(generate.Output, Does.Contain(Path.Combine(repo.Path, "deploy", "cosign.pub")));
    }

    [Test]
    public void A_wrong_COSIGN_PASSWORD_fails_before_anything_is_pushed_naming_the_variable()
    {
        using var repo = ReleaseRepository.Create();
        repo.Tag("v5.0.0");
        var repository = "acme/wrong-password";
        Assert.That(BuildProgram.Run(repo.Path, ["--target=GenerateKeys"], new Dictionary<string, string?> { ["COSIGN_PASSWORD"] = "right" }).ExitCode, Is.EqualTo(0));

        var result = BuildProgram.Run(repo.Path, ["--target=Sign", $"--image={Registry.Address}/{repository}", "--signing-key=cosign.key"], new Dictionary<string, string?> { ["COSIGN_PASSWORD"] = "wrong-guess" });

        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.All, Does.Contain("COSIGN_PASSWORD"));
        Assert.That(result.All, Does.Not.Contain("wrong-guess"));
        Assert.That(Http.Tags(repository), Is.Empty);
    }
}
