using Build.Keys;
using Build.Signing;
using Build.Tests.Support;

namespace Build.Tests.EndToEnd;

/// <summary>
/// The real program with --signing-key naming a KMS key, against a real registry. cosign cannot be installed here: the
/// tests named Fake put a recording stand-in on PATH. Whatever is wrong with the key is found before anything is pushed.
/// </summary>
[NonParallelizable]
public sealed class KmsKeyTests : RegistryFixture
{
    private const string Uri = "gcpkms://projects/acme-prod/locations/global/keyRings/release/cryptoKeys/rds-csi";

    [Test]
    public void A_KMS_key_whose_public_key_is_not_the_active_key_fails_before_anything_is_pushed_and_cosign_only_read_its_public_key_Fake()
    {
        using var repo = ReleaseRepository.Create("cake.config");
        new KeyRotation(repo.Path).Rotate(CosignKeys.Generate(string.Empty).PublicPem, DateOnly.FromDateTime(DateTime.UtcNow));
        repo.Commit("the project's key");
        using var record = new TempDirectory("rdscsi-fake-cosign-record");
        var calls = record.Combine("calls.txt");
        var other = record.Write("other.pub", CosignKeys.Generate(string.Empty).PublicPem);
        using var cosign = new FakeTool("cosign", $"""
            echo "ARGS: $*" >> '{calls}'
            [ "$1" = public-key ] && cat '{other}' && exit 0
            exit 1
            """);
        var environment = new Dictionary<string, string?> { ["PATH"] = cosign.Directory + ":" + Environment.GetEnvironmentVariable("PATH"), ["VAULT_TOKEN"] = "hvs.vault-token-never-shown-4471" };

        var result = BuildProgram.Run(repo.Path, ["--target=Release", $"--image={Registry.Address}/acme/kms", "--signing-key=" + Uri], environment, TimeSpan.FromMinutes(5));

        Assert.That(result.ExitCode, Is.Not.EqualTo(0), result.ToString());
        Assert.That(result.All, Does.Contain($"The public key of {Uri} (fingerprint").And.Contain("is not the active key of deploy/keys/keys.yaml"));
        Assert.That(File.ReadAllLines(calls), Is.EqualTo(new[] { $"ARGS: public-key --key {Uri}" }));
        Assert.That(Http.Tags("acme/kms"), Is.Empty, "nothing was pushed");
        Assert.That(result.All, Does.Not.Contain("hvs.vault-token-never-shown-4471"));
    }

    [Test]
    public void A_KMS_key_without_cosign_installed_fails_before_anything_is_pushed_naming_cosign()
    {
        using var repo = ReleaseRepository.Create("cake.config");

        var result = BuildProgram.Run(repo.Path, ["--target=Release", $"--image={Registry.Address}/acme/kms-no-cosign", "--signing-key=" + Uri], timeout: TimeSpan.FromMinutes(5));

        Assert.That(result.ExitCode, Is.Not.EqualTo(0), result.ToString());
        Assert.That(result.All, Does.Contain("only cosign signs with one (the native signer handles key files only)"));
        Assert.That(Http.Tags("acme/kms-no-cosign"), Is.Empty, "nothing was pushed");
    }

    [Test]
    public void A_malformed_key_URI_is_refused_before_any_task_runs()
    {
        using var repo = ReleaseRepository.Create("cake.config");

        var result = BuildProgram.Run(repo.Path, ["--target=Release", $"--image={Registry.Address}/acme/kms-bad", "--signing-key=k8s://Release/key"], timeout: TimeSpan.FromMinutes(5));

        Assert.That(result.ExitCode, Is.Not.EqualTo(0), result.ToString());
        Assert.That(result.All, Does.Contain("is not a well-formed k8s:// key URI; the form is k8s://NAMESPACE/SECRET"));
        Assert.That(Http.Tags("acme/kms-bad"), Is.Empty);
    }
}
