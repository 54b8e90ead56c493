using System.Text.RegularExpressions;
using Build.Configuration;
using Build.Signing;
using Build.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Build.Tests.EndToEnd;

/// <summary>
/// The "done when", run for real in a clone with no key yet: RotateKeys, a rehearsal signed with that first key,
/// RotateKeys twice more, RevokeKey of the first key. keys.yaml and the Kyverno key policy are read with YamlDotNet, the
/// key files checked with openssl and sha256sum, and VerifyRelease run against the real registry.
/// </summary>
[NonParallelizable]
public sealed class KeyRotationTests
{
    private const string Password = "rotation-pass-5521";
    private const string Reason = "the laptop holding it was stolen";

    private static readonly Dictionary<string, string?> Environment = new() { ["COSIGN_PASSWORD"] = Password };

    [Test]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void Three_rotations_and_a_revocation_leave_three_keys_a_policy_of_the_two_not_revoked_and_VerifyRelease_refusing_what_only_the_revoked_key_signed()
    {
        using var registry = new RegistryProcess();
        using var repo = ReleaseRepository.Create("cake.config");
        var image = $"{registry.Address}/acme/rotated";
        Assert.That(File.Exists(Path.Combine(repo.Path, "deploy", "keys", "keys.yaml")), Is.False, "a clone with no key yet");

        var first = Rotate(repo);
        var firstShort = first[..12];
        var privateKey = Path.Combine(repo.Path, $"cosign-{firstShort}.key");
        Assert.That(File.GetUnixFileMode(privateKey), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        Assert.That(Run.Git(repo.Path, "check-ignore", "-q", privateKey).ExitCode, Is.EqualTo(0), "git ignores the private key");
        Assert.That(File.ReadAllText(privateKey), Does.StartWith("-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----"));
        using (var opened = CosignKeys.LoadPrivate(File.ReadAllText(privateKey), Password))
        {
            Assert.That(Fingerprint(repo, opened.ExportSubjectPublicKeyInfoPem()), Is.EqualTo(first), "the private key is the pair of the listed public key");
        }

        Assert.That(File.ReadAllText(Path.Combine(repo.Path, "deploy", "cosign.pub")), Is.EqualTo(File.ReadAllText(Path.Combine(repo.Path, "deploy", "keys", $"cosign-{firstShort}.pub"))));
        repo.Commit("the first signing key");
        repo.Tag("v1.2.3");

        var release = BuildProgram.Run(repo.Path, ["--target=Release", "--image=" + image, $"--signing-key=cosign-{firstShort}.key"], Environment, TimeSpan.FromMinutes(10));
        Assert.That(release.ExitCode, Is.EqualTo(0), release.ToString());

        var second = Rotate(repo);
        repo.Commit("rotated");
        var third = Rotate(repo);
        repo.Commit("rotated again");
        Assert.That(File.Exists(privateKey), Is.True, "no private key is deleted");
        var verifiedBefore = BuildProgram.Run(repo.Path, ["--target=VerifyRelease", "--version=1.2.3", "--image=" + image, $"--key=deploy/keys/cosign-{firstShort}.pub"]);
        Assert.That(verifiedBefore.ExitCode, Is.EqualTo(0), verifiedBefore.ToString());
        Assert.That(verifiedBefore.Output, Does.Contain($"that is not revoked: {firstShort} (retired"));

        var revoke = BuildProgram.Run(repo.Path, ["--target=RevokeKey", "--key-id=" + first, "--reason=" + Reason]);
        Assert.That(revoke.ExitCode, Is.EqualTo(0), revoke.ToString());

        var keys = KeysYaml(repo);
        Assert.That(keys.Select(key => (key["id"], key["status"])), Is.EqualTo(new[] { (first, "revoked"), (second, "retired"), (third, "active") }));
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(keys[0]["revoked"], Is.EqualTo(today));
        Assert.That(keys[0]["reason"], Is.EqualTo(Reason));
        Assert.That(keys[2]["expires"], Is.EqualTo(DateTime.UtcNow.AddYears(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));

        var policy = Path.Combine(repo.Path, "deploy", "policies", "kyverno-verify-rds-csi-key.yaml");
        var accepted = PolicyKeys(policy);
        Assert.That(accepted.Select(pem => Fingerprint(repo, pem)).Order(), Is.EqualTo(new[] { second, third }.Order()), "the policy lists exactly the two keys not revoked, in every attestor");
        var lint = Run.Process("yamllint", ["-f", "parsable", "-d", "{extends: relaxed, rules: {line-length: disable}}", policy]);
        Assert.That(lint.ExitCode, Is.EqualTo(0), lint.ToString());
        Assert.That(new Build.Verification.PolicyCheck(repo.Path, "deploy/policies/kyverno-verify-rds-csi-key.yaml").Run().Findings, Is.Empty);

        var verified = BuildProgram.Run(repo.Path, ["--target=VerifyRelease", "--version=1.2.3", "--image=" + image, $"--key=deploy/keys/cosign-{firstShort}.pub"]);
        Assert.That(verified.ExitCode, Is.Not.EqualTo(0), verified.ToString());
        Assert.That(verified.Output, Does.Contain($"is signed only by revoked key(s): {first} revoked {today}, reason: {Reason}"));

        // A second signature by a key that is not revoked (made with the build's own signing code) makes the release trusted again.
        var digest = Regex.Match(release.Output, "Pushed [^@]+@(sha256:[0-9a-f]{64})").Groups[1].Value;
        using (var signer = CosignKeys.LoadPrivate(File.ReadAllText(Path.Combine(repo.Path, $"cosign-{third[..12]}.key")), Password))
        {
            var imageName = ImageName.Parse(image, "test");
            var payload = SimpleSigning.Payload(imageName.FullName, digest);
            new CosignRegistryStore(registry.Client(), imageName.Repository).AppendAsync(CosignTags.SignatureTag(digest), CosignLayer.Signature(payload, CosignSignature.Sign(signer, payload))).GetAwaiter().GetResult();
        }

        var cosigned = BuildProgram.Run(repo.Path, ["--target=VerifyRelease", "--version=1.2.3", "--image=" + image, $"--key=deploy/keys/cosign-{firstShort}.pub"]);
        Assert.That(cosigned.ExitCode, Is.EqualTo(0), cosigned.ToString());
        Assert.That(cosigned.Output, Does.Contain($"that is not revoked: {third[..12]} (active").And.Contain($"(also by revoked {firstShort} (revoked {today}: {Reason})"));
    }

    /// <summary>Runs RotateKeys and returns the new key's id, checked against openssl and sha256sum of its public key file.</summary>
    private static string Rotate(GitRepository repo)
    {
        var result = BuildProgram.Run(repo.Path, ["--target=RotateKeys"], Environment);
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.Output, Does.Contain("Move it to a secrets manager"));
        var id = KeysYaml(repo).Single(key => key["status"] == "active")["id"];
        var file = Path.Combine(repo.Path, "deploy", "keys", $"cosign-{id[..12]}.pub");
        Assert.That(OpenSslId(repo, file), Is.EqualTo(id), "id is sha256sum of openssl's DER of the public key");
        Assert.That(OpenSslId(repo, Path.Combine(repo.Path, "deploy", "cosign.pub")), Is.EqualTo(id), "deploy/cosign.pub is the active key");
        return id;
    }

    private static string OpenSslId(GitRepository repo, string publicKeyFile)
    {
        var result = Run.Process("sh", ["-c", $"openssl pkey -pubin -in '{publicKeyFile}' -outform DER | sha256sum"], repo.Path);
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        return result.Output.Split(' ')[0].Trim();
    }

    private static string Fingerprint(GitRepository repo, string pem)
    {
        var file = Path.Combine(repo.Path, "policy-key.pem");
        File.WriteAllText(file, pem + "\n");
        try
        {
            return OpenSslId(repo, file);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static List<Dictionary<string, string>> KeysYaml(GitRepository repo)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Path.Combine(repo.Path, "deploy", "keys", "keys.yaml"))));
        var keys = (YamlSequenceNode)((YamlMappingNode)stream.Documents[0].RootNode).Children[new YamlScalarNode("keys")];
        return keys.Cast<YamlMappingNode>().Select(entry => entry.Children.ToDictionary(pair => pair.Key.ToString(), pair => pair.Value.ToString())).ToList();
    }

    /// <summary>Every publicKeys of every attestor, aliases resolved: each attestor must list the same keys.</summary>
    private static List<string> PolicyKeys(string policy)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(policy)));
        var attestorLists = stream.Documents[0].AllNodes.OfType<YamlMappingNode>()
            .Where(mapping => mapping.Children.ContainsKey(new YamlScalarNode("entries")))
            .Select(attestor => ((YamlSequenceNode)attestor.Children[new YamlScalarNode("entries")])
                .Select(entry => ((YamlScalarNode)((YamlMappingNode)((YamlMappingNode)entry).Children[new YamlScalarNode("keys")]).Children[new YamlScalarNode("publicKeys")]).Value!)
                .ToList())
            .ToList();
        Assert.That(attestorLists, Has.Count.EqualTo(3), "the signature, SBOM and provenance attestors");
        Assert.That(attestorLists, Has.All.EquivalentTo(attestorLists[0]));
        return attestorLists[0];
    }
}
