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
        Assert.That(result.Output, Does.Contain("manifest push").And.Not.Contain("--creds").And.Not.Contain("--authfile"), "the login of the configured registry is not handed to the rehearsal registry");
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

    [Test]
    public void In_GitHub_Actions_a_multi_line_secret_is_masked_line_by_line_and_percent_signs_reach_the_runner_escaped()
    {
        using var repo = ReleaseRepository.Create();
        const string multiLine = "first-line-secret-1111\nsecond-line-secret-2222";
        const string percent = "ghp_tok%25en-secret-3333";
        var environment = new Dictionary<string, string?> { ["GITHUB_ACTIONS"] = "true", ["GITHUB_REF"] = "refs/heads/main", ["MULTI_SECRET"] = multiLine, ["GITHUB_TOKEN"] = percent };

        var version = BuildProgram.Run(repo.Path, ["--target=Version", "--secret-env=MULTI_SECRET"], environment);
        var echoed = BuildProgram.Run(repo.Path, ["--target=Version", "--secret-env=MULTI_SECRET", "--image=second-line-secret-2222"], environment);

        Assert.That(version.ExitCode, Is.EqualTo(0), version.ToString());
        var masks = version.Output.Split('\n').Where(line => line.StartsWith("::add-mask::", StringComparison.Ordinal)).Select(line => line.TrimEnd('\r')).ToList();
        Assert.That(masks, Does.Contain("::add-mask::first-line-secret-1111%0Asecond-line-secret-2222"));
        Assert.That(masks, Does.Contain("::add-mask::first-line-secret-1111").And.Contain("::add-mask::second-line-secret-2222"));
        Assert.That(masks, Does.Contain("::add-mask::ghp_tok%2525en-secret-3333"), "the runner unescapes %25 to %: the secret itself is registered");
        var registered = masks.Select(line => Reporting.WorkflowCommandsTests.RunnerUnescapeData(line["::add-mask::".Length..])).ToList();
        Assert.That(registered, Does.Contain(multiLine).And.Contain(percent));
        Assert.That(echoed.ExitCode, Is.Not.EqualTo(0), echoed.ToString());
        Assert.That(echoed.All, Does.Contain("--image '***'"), echoed.ToString());
        Assert.That(echoed.All, Does.Not.Contain("second-line-secret-2222"), "a line of a multi-line secret is masked by the program itself");
    }
}
