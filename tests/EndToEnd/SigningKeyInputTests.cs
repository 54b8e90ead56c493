using System.Text.Json;
using Build.Signing;
using Build.Tests.Support;

namespace Build.Tests.EndToEnd;

/// <summary>
/// COSIGN_KEY may hold the key itself (cosign's env://COSIGN_KEY form); it is a secret, and neither it nor any other
/// key-like input is echoed by an error. --signing-key is checked by type and size before it is read.
/// </summary>
[NonParallelizable]
public sealed class SigningKeyInputTests : RegistryFixture
{
    private const string KeyPassword = "key-pass-for-env-pem-4120";

    [Test]
    public void The_PEM_of_an_encrypted_cosign_key_in_COSIGN_KEY_signs_and_openssl_verifies_the_signature()
    {
        var pair = CosignKeys.Generate(KeyPassword);
        using var repo = ReleaseRepository.Create();
        var repository = "acme/env-key";
        var image = $"{Registry.Address}/{repository}";

        var result = BuildProgram.Run(
            repo.Path,
            ["--target=Sign", "--image=" + image, "--verbosity=diagnostic"],
            new Dictionary<string, string?> { ["COSIGN_KEY"] = pair.PrivatePem, ["COSIGN_PASSWORD"] = KeyPassword },
            TimeSpan.FromMinutes(5));

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.Output, Does.Contain("key from COSIGN_KEY"));
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(repo.Path, "artifacts", "image.json")));
        var digest = json.RootElement.GetProperty("digest").GetString()!;
        var (payload, signature) = CosignEvidence.Signatures(Http, repository, digest).Single();
        Assert.That(OpenSsl.Verifies(pair.PublicPem, payload, signature), Is.True, "openssl verifies the signature with the key pair's public half");
        Assert.That(OpenSsl.Verifies(OpenSsl.UnrelatedPublicKey(), payload, signature), Is.False);
        var body = pair.PrivatePem.Split('\n')[1];
        Assert.That(result.All, Does.Not.Contain(body).And.Not.Contain(KeyPassword), "no line of the key is shown");
        Assert.That(Directory.EnumerateFiles(Path.Combine(repo.Path, "artifacts"), "*", SearchOption.AllDirectories).Where(file => File.ReadAllText(file).Contains(body, StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public void Fake_cosign_is_given_the_key_as_env_COSIGN_KEY_and_never_on_its_command_line()
    {
        var pair = CosignKeys.Generate(KeyPassword);
        using var repo = ReleaseRepository.Create();
        using var record = new TempDirectory("rdscsi-fake-cosign-record");
        var calls = record.Combine("calls.txt");
        using var cosign = new FakeTool("cosign", """
            echo "ARGS: $*" >> "$FAKE_COSIGN_RECORD"
            echo "ENV: $(printf '%s' "$COSIGN_KEY" | head -n 1)" >> "$FAKE_COSIGN_RECORD"
            exit 1
            """);
        var environment = new Dictionary<string, string?>
        {
            ["COSIGN_KEY"] = pair.PrivatePem,
            ["COSIGN_PASSWORD"] = KeyPassword,
            ["FAKE_COSIGN_RECORD"] = calls,
            ["PATH"] = cosign.Directory + ":" + Environment.GetEnvironmentVariable("PATH"),
        };

        var result = BuildProgram.Run(repo.Path, ["--target=Sign", $"--image={Registry.Address}/acme/fake-cosign"], environment, TimeSpan.FromMinutes(5));

        Assert.That(result.ExitCode, Is.Not.EqualTo(0), "the fake cosign fails on purpose");
        var lines = File.ReadAllLines(calls);
        Assert.That(lines, Has.Some.Match(@"^ARGS: sign .*--key env://COSIGN_KEY "), string.Join("\n", lines));
        Assert.That(lines.Where(line => line.StartsWith("ARGS:", StringComparison.Ordinal)), Has.None.Contain("BEGIN").And.None.Contain(KeyPassword));
        Assert.That(lines, Has.Some.EqualTo("ENV: -----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----"), "cosign reads the key from its environment");
        Assert.That(result.All, Does.Not.Contain(pair.PrivatePem.Split('\n')[1]));
    }

    private static readonly string Base64Key = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(96));

    /// <summary>Each bad value, and what must not be shown of it.</summary>
    private static IEnumerable<TestCaseData> BadKeys()
    {
        var pem = $"-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\n{Base64Key}\n-----END ENCRYPTED SIGSTORE PRIVATE KEY-----\n";
        yield return new TestCaseData(new Dictionary<string, string?> { ["COSIGN_KEY"] = pem }, Array.Empty<string>(), Base64Key[..40], "COSIGN_KEY").SetName("A_malformed_PEM_in_COSIGN_KEY_is_refused_without_echoing_it");
        yield return new TestCaseData(new Dictionary<string, string?> { ["COSIGN_KEY"] = Base64Key }, Array.Empty<string>(), Base64Key[..40], "COSIGN_KEY").SetName("A_bare_base64_key_in_COSIGN_KEY_is_refused_without_echoing_it");
        yield return new TestCaseData(new Dictionary<string, string?>(), new[] { "--signing-key=" + pem.Replace("\n", " ") }, Base64Key[..40], "--signing-key holds key material").SetName("A_PEM_passed_as_signing_key_is_refused_without_echoing_it");
        yield return new TestCaseData(new Dictionary<string, string?>(), new[] { "--signing-key=/dev/zero" }, "\0\0\0\0", "not a regular file").SetName("Signing_key_dev_zero_is_refused_before_it_is_read");
        yield return new TestCaseData(new Dictionary<string, string?>(), new[] { "--signing-key=/tmp" }, "\0\0\0\0", "is a directory").SetName("Signing_key_that_is_a_directory_is_refused");
    }

    [TestCaseSource(nameof(BadKeys))]
    public void A_bad_signing_key_fails_before_anything_is_pushed_and_shows_no_key_material(Dictionary<string, string?> environment, string[] arguments, string hidden, string message)
    {
        using var repo = ReleaseRepository.Create();
        environment["COSIGN_PASSWORD"] = KeyPassword;
        var repository = "acme/bad-key-" + Math.Abs(message.GetHashCode(StringComparison.Ordinal) % 10000);

        var result = BuildProgram.Run(repo.Path, ["--target=Sign", $"--image={Registry.Address}/{repository}", .. arguments], environment, TimeSpan.FromMinutes(3));

        Assert.That(result.ExitCode, Is.Not.EqualTo(0), result.ToString());
        Assert.That(result.All, Does.Contain(message), result.ToString());
        Assert.That(result.All, Does.Not.Contain(hidden).And.Not.Contain(KeyPassword));
        Assert.That(Http.Tags(repository), Is.Empty, "nothing was pushed");
    }
}
