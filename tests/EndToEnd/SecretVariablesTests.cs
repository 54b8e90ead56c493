using Build.Configuration;
using Build.Tests.Support;

namespace Build.Tests.EndToEnd;

/// <summary>
/// Each secret variable, one test per name: its value, set in a real program's environment in GitHub Actions, is
/// registered with ::add-mask:: and replaced by *** where the program echoes it (a bad --image that carries it).
/// The names are written out here, not read from the build's table, so dropping one from the table fails a test.
/// </summary>
public sealed class SecretVariablesTests
{
    private const string KeyBody = "c2VjcmV0LWtleS1ib2R5LTc3MTI";

    public static IEnumerable<TestCaseData> SecretVariables()
    {
        yield return new TestCaseData("COSIGN_PASSWORD", "cosign-pass-secret-1201", "cosign-pass-secret-1201");
        yield return new TestCaseData("COSIGN_KEY", $"-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\n{KeyBody}\n-----END ENCRYPTED SIGSTORE PRIVATE KEY-----\n", KeyBody);
        yield return new TestCaseData("GITHUB_TOKEN", "ghp_token-secret-1202", "ghp_token-secret-1202");
        yield return new TestCaseData("REGISTRY_PASSWORD", "registry-pass-secret-1203", "registry-pass-secret-1203");
        yield return new TestCaseData("ACTIONS_ID_TOKEN_REQUEST_TOKEN", "oidc-request-secret-1204", "oidc-request-secret-1204");
        yield return new TestCaseData("HELM_SIGNING_KEY", $"-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n{KeyBody}\n-----END PGP PRIVATE KEY BLOCK-----\n", KeyBody);
        yield return new TestCaseData("HELM_SIGNING_PASSPHRASE", "helm-passphrase-secret-1206", "helm-passphrase-secret-1206");
        yield return new TestCaseData("AWS_SECRET_ACCESS_KEY", "aws-secret-access-key-1206", "aws-secret-access-key-1206");
        yield return new TestCaseData("AWS_SESSION_TOKEN", "aws-session-token-secret-1207", "aws-session-token-secret-1207");
        yield return new TestCaseData("GOOGLE_APPLICATION_CREDENTIALS", "/run/secrets/gcp-credentials-1208.json", "/run/secrets/gcp-credentials-1208.json");
        yield return new TestCaseData("AZURE_CLIENT_SECRET", "azure-client-secret-1209", "azure-client-secret-1209");
        yield return new TestCaseData("AZURE_CLIENT_CERTIFICATE_PASSWORD", "azure-cert-pass-secret-1210", "azure-cert-pass-secret-1210");
        yield return new TestCaseData("VAULT_TOKEN", "hvs.vault-token-secret-1211", "hvs.vault-token-secret-1211");
        yield return new TestCaseData("COSIGN_PKCS11_PIN", "pkcs11-pin-secret-1212", "pkcs11-pin-secret-1212");
        yield return new TestCaseData("ANNOUNCE_WEBHOOK_URL", "https://hooks.example.invalid/services/T1205/B1205/webhook-secret-1205", "https://hooks.example.invalid/services/T1205/B1205/webhook-secret-1205");
    }

    [Test]
    public void The_build_masks_exactly_the_secret_variables_tested_here()
    {
        var tested = SecretVariables().Select(data => (string)data.Arguments[0]!).ToList();
        Assert.That(BuildSecrets.MaskedVariables, Is.EquivalentTo(tested), "add a test case for every new secret variable");
        Assert.That(Build.Diagnostics.SecretMasker.Variables, Is.SameAs(BuildSecrets.MaskedVariables), "one list: the masker reads BuildSecrets'");
    }

    [TestCaseSource(nameof(SecretVariables))]
    public void The_value_of_a_secret_variable_is_registered_with_add_mask_and_masked_in_the_output(string variable, string value, string echoed)
    {
        using var repo = ReleaseRepository.Create();
        var environment = new Dictionary<string, string?> { ["GITHUB_ACTIONS"] = "true", ["GITHUB_REF"] = "refs/heads/main", [variable] = value };

        var version = BuildProgram.Run(repo.Path, ["--target=Version", "--image=127.0.0.1:5999/acme/secret-variables"], environment);
        var result = BuildProgram.Run(repo.Path, ["--target=Version", "--image=" + echoed], environment);

        var lines = version.All.Split('\n').Select(line => line.TrimEnd('\r')).ToList();
        var masks = lines.Where(line => line.StartsWith("::add-mask::", StringComparison.Ordinal)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(version.ExitCode, Is.EqualTo(0), version.ToString());
            Assert.That(masks, Does.Contain("::add-mask::" + echoed), version.ToString());
            Assert.That(lines.Where(line => !line.StartsWith("::add-mask::", StringComparison.Ordinal) && line.Contains(echoed, StringComparison.Ordinal)), Is.Empty, version.ToString());
            Assert.That(result.ExitCode, Is.Not.EqualTo(0), "the image name is invalid: the program echoes it in its error");
            Assert.That(result.All, Does.Contain("--image '***'").And.Not.Contain(echoed), "the echoed value is shown masked");
        });
    }
}
