using Build.Signing;
using Build.Tests.Support;

namespace Build.Tests.EndToEnd;

/// <summary>GenerateKeys --helm in a real repository: the project's Helm signing key, checked with gpg and git.</summary>
public sealed class HelmKeyGenerationTests
{
    [Test]
    public void GenerateKeys_helm_writes_a_git_ignored_secret_key_and_deploy_helm_signing_asc_that_gpg_reads_and_never_overwrites_them()
    {
        using var repo = ReleaseRepository.Create();
        const string passphrase = "helm-passphrase-for-the-test-5521";
        var environment = new Dictionary<string, string?> { ["HELM_SIGNING_PASSPHRASE"] = passphrase };

        var generate = BuildProgram.Run(repo.Path, ["--target=GenerateKeys", "--helm"], environment);
        var again = BuildProgram.Run(repo.Path, ["--target=GenerateKeys", "--helm"], environment);

        Assert.That(generate.ExitCode, Is.EqualTo(0), generate.ToString());
        var secret = File.ReadAllText(Path.Combine(repo.Path, "helm-signing.key"));
        var published = File.ReadAllText(Path.Combine(repo.Path, "deploy", "helm-signing.asc"));
        Assert.That(secret, Does.StartWith("-----BEGIN PGP PRIVATE KEY BLOCK-----"));
        Assert.That(published, Does.StartWith("-----BEGIN PGP PUBLIC KEY BLOCK-----"));
        Assert.That(Run.Git(repo.Path, "check-ignore", "helm-signing.key").ExitCode, Is.EqualTo(0), "helm-signing.key must be git-ignored");
        Assert.That(Run.Git(repo.Path, "ls-files", "--others", "--exclude-standard").Output.Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[] { "deploy/helm-signing.asc" }));
        Assert.That(File.Exists(Path.Combine(repo.Path, "cosign.key")), Is.False, "--helm makes only the Helm key");

        var key = HelmSigningKey.Load(secret, passphrase, "helm-signing.key");
        using var gpg = new Gpg();
        gpg.Import(published);
        Assert.That(gpg.Run("--list-keys", "--with-colons").Output, Does.Contain("fpr:::::::::" + key.Fingerprint + ":"));
        Assert.That(generate.Output, Does.Contain(key.Fingerprint));
        Assert.Throws<SigningKeyException>(() => HelmSigningKey.Load(secret, string.Empty, "helm-signing.key"), "the secret key is sealed with the passphrase");

        Assert.That(again.ExitCode, Is.EqualTo(1));
        Assert.That(again.All, Does.Contain("never overwrites"));
        Assert.That(File.ReadAllText(Path.Combine(repo.Path, "helm-signing.key")), Is.EqualTo(secret));
        Assert.That(generate.All + again.All, Does.Not.Contain(passphrase));
    }
}
