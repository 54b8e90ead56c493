using System.Text;
using Build.Tests.Support;

namespace Build.Tests.EndToEnd;

/// <summary>A whole rehearsal with secrets in the environment, at diagnostic verbosity: no secret value in the output or in artifacts/.</summary>
[NonParallelizable]
public sealed class SecretsTests
{
    private static readonly Dictionary<string, string?> Secrets = new()
    {
        ["COSIGN_PASSWORD"] = "cosign-secret-pass-8812",
        ["GITHUB_TOKEN"] = "ghp_secretTokenValue0912",
        ["REGISTRY_USERNAME"] = "release-robot",
        ["REGISTRY_PASSWORD"] = "registry-secret-pass-4471",
        ["DEPLOY_WEBHOOK"] = "https://hooks.invalid/secret-webhook-5521",
    };

    private static readonly string[] Values = ["cosign-secret-pass-8812", "ghp_secretTokenValue0912", "registry-secret-pass-4471", "secret-webhook-5521"];

    [Test]
    public void No_secret_reaches_stdout_stderr_or_any_file_under_artifacts()
    {
        using var registry = new RegistryProcess();
        using var repo = ReleaseRepository.Create();
        repo.Tag("v1.6.0");

        var result = BuildProgram.Run(
            repo.Path,
            ["--target=Release", $"--image={registry.Address}/acme/secrets", "--verbosity=diagnostic", "--secret-env=DEPLOY_WEBHOOK", "--sign-platforms"],
            Secrets,
            TimeSpan.FromMinutes(10));

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.Output, Does.Contain("--creds \"[REDACTED]\"").Or.Contain("--creds ***").Or.Contain("--creds \"***\""), "the registry credentials reach buildah, masked in the log");
        foreach (var secret in Values)
        {
            Assert.That(result.All, Does.Not.Contain(secret));
        }

        foreach (var file in Directory.EnumerateFiles(Path.Combine(repo.Path, "artifacts"), "*", SearchOption.AllDirectories))
        {
            var bytes = File.ReadAllBytes(file);
            foreach (var secret in Values)
            {
                Assert.That(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)), Is.EqualTo(-1), $"{file} holds a secret");
            }
        }
    }

    [Test]
    public void In_GitHub_Actions_the_secrets_are_registered_with_add_mask_and_nowhere_else()
    {
        using var repo = ReleaseRepository.Create();
        var environment = new Dictionary<string, string?>(Secrets) { ["GITHUB_ACTIONS"] = "true", ["GITHUB_REF"] = "refs/heads/main" };

        var result = BuildProgram.Run(repo.Path, ["--target=Version", "--secret-env=DEPLOY_WEBHOOK"], environment);

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        var lines = result.Output.Split('\n');
        foreach (var secret in Values.Where(value => value != "secret-webhook-5521").Append("https://hooks.invalid/secret-webhook-5521"))
        {
            Assert.That(lines, Does.Contain("::add-mask::" + secret));
        }

        Assert.That(lines.Where(line => !line.StartsWith("::add-mask::", StringComparison.Ordinal) && Values.Any(line.Contains)), Is.Empty);
    }
}
