using System.Security.Cryptography;
using System.Text;
using Build.Configuration;
using Build.Signing;
using Build.Tasks;
using Build.Tests.Support;

namespace Build.Tests.Tasks;

/// <summary>
/// GenerateKeys on an in-memory context over a plain folder: the key pair it writes (checked with openssl), what it refuses
/// to overwrite, and .gitignore. In the tests named Fake the terminal that asks for a password is a stand-in (<see cref="FakePasswordPrompt"/>).
/// </summary>
public sealed class GenerateKeysTaskTests : TempDirectoryTest
{
    private const string Password = "correct-horse-battery-staple-17";

    private ToolPath _path = null!;

    [SetUp]
    public void SetUp()
    {
        _path = ToolPath.With("openssl");
    }

    [TearDown]
    public void TearDown() => _path.Dispose();

    private string PrivateKey => Working.Combine("cosign.key");

    private string PublicKey => Working.Combine("deploy", "cosign.pub");

    private BuildContext Context(string? password, IPasswordPrompt? prompt = null)
    {
        var context = InMemoryContexts.CreateWithPath(Working.Path, _path.Value, Log, options => options with { Secrets = options.Secrets with { CosignPassword = password } }, typeof(GenerateKeysTask));
        if (prompt is not null)
        {
            context.Services.UsePasswordPrompt(prompt);
        }

        return context;
    }

    [Test]
    public void GenerateKeys_writes_a_P256_public_key_to_deploy_that_openssl_reads_and_no_copy_at_the_root()
    {
        new GenerateKeysTask().Run(Context(Password));

        var read = Run.Process("openssl", ["pkey", "-pubin", "-in", PublicKey, "-noout", "-text"]);
        Assert.That(read.ExitCode, Is.EqualTo(0), read.ToString());
        Assert.That(read.Output, Does.Contain("prime256v1").Or.Contain("P-256"));
        Assert.That(File.Exists(Working.Combine("cosign.pub")), Is.False, "deploy/cosign.pub is the one copy");
        Assert.That(Log.Text, Does.Contain($"Wrote {PrivateKey} (private, never commit it) and its public key {PublicKey}"));
    }

    [Test]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void The_private_key_is_readable_by_its_owner_only_and_sealed_with_COSIGN_PASSWORD()
    {
        new GenerateKeysTask().Run(Context(Password));

        Assert.That(File.GetUnixFileMode(PrivateKey), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        var pem = File.ReadAllText(PrivateKey);
        Assert.That(pem, Does.StartWith("-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----"));
        Assert.That(() => CosignKeys.LoadPrivate(pem, "not-the-password"), Throws.Exception, "sealed: another password does not open it");
        Assert.That(Log.Text, Does.Not.Contain(Password));
    }

    [Test]
    public void The_private_key_signs_what_openssl_verifies_with_deploy_cosign_pub()
    {
        new GenerateKeysTask().Run(Context(Password));

        using var key = CosignKeys.LoadPrivate(File.ReadAllText(PrivateKey), Password);
        var data = Encoding.UTF8.GetBytes("the pair belongs together");
        var signature = Convert.ToBase64String(key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        Assert.That(OpenSsl.Verifies(File.ReadAllText(PublicKey), data, signature), Is.True);
    }

    [TestCase("cosign.key")]
    [TestCase("deploy/cosign.pub")]
    public void An_existing_key_is_never_overwritten_and_the_refusal_names_it(string existing)
    {
        var file = Working.Write(existing, "the key every verifier has\n");

        Assert.That(() => new GenerateKeysTask().Run(Context(Password)), Throws.TypeOf<BuildConfigurationException>()
            .With.Message.StartsWith($"GenerateKeys never overwrites a key: {file} already exist(s).")
            .And.Message.Contains("Move them away first"));
        Assert.That(File.ReadAllText(file), Is.EqualTo("the key every verifier has\n"));
        Assert.That(File.Exists(existing == "cosign.key" ? PublicKey : PrivateKey), Is.False, "no half of a new pair is written");
        Assert.That(File.Exists(Working.Combine(".gitignore")), Is.False);
    }

    [Test]
    public void Outside_a_git_repository_cosign_key_is_added_to_gitignore_after_its_last_line()
    {
        Working.Write(".gitignore", "bin/");

        new GenerateKeysTask().Run(Context(Password));

        Assert.That(File.ReadAllText(Working.Combine(".gitignore")), Is.EqualTo("bin/\n# the private signing key is never committed\ncosign.key\n"));
        Assert.That(Log.Text, Does.Contain("Added cosign.key to .gitignore"));
    }

    [Test]
    public void A_cosign_key_git_ignores_already_leaves_gitignore_alone()
    {
        Run.Git(Working.Path, "init", "-q");
        File.AppendAllText(Working.Combine(".git", "info", "exclude"), "cosign.key\n");

        new GenerateKeysTask().Run(Context(Password));

        Assert.That(File.Exists(Working.Combine(".gitignore")), Is.False);
        Assert.That(Log.Text, Does.Not.Contain("Added cosign.key"));
        Assert.That(Run.Git(Working.Path, "check-ignore", "-q", "cosign.key").ExitCode, Is.EqualTo(0));
    }

    [Test]
    public void Without_COSIGN_PASSWORD_and_no_terminal_GenerateKeys_refuses_naming_the_variable_and_writes_nothing_Fake()
    {
        var prompt = new FakePasswordPrompt(canAsk: false);

        Assert.That(() => new GenerateKeysTask().Run(Context(null, prompt)), Throws.TypeOf<BuildConfigurationException>()
            .With.Message.EqualTo("COSIGN_PASSWORD is not set and there is no terminal to ask on: export COSIGN_PASSWORD with the password for the new cosign.key."));
        Assert.That(prompt.Prompts, Is.Empty);
        Assert.That(File.Exists(PrivateKey) || File.Exists(PublicKey), Is.False);
    }

    [Test]
    public void COSIGN_PASSWORD_set_is_used_without_asking_the_terminal_Fake()
    {
        var prompt = new FakePasswordPrompt(canAsk: true, "typed", "typed");

        new GenerateKeysTask().Run(Context(Password, prompt));

        Assert.That(prompt.Prompts, Is.Empty);
        Assert.That(() => CosignKeys.LoadPrivate(File.ReadAllText(PrivateKey), Password).Dispose(), Throws.Nothing);
    }

    [Test]
    public void Without_COSIGN_PASSWORD_the_password_typed_twice_on_the_terminal_seals_the_key_Fake()
    {
        var prompt = new FakePasswordPrompt(canAsk: true, "typed-twice", "typed-twice");

        new GenerateKeysTask().Run(Context(null, prompt));

        Assert.That(prompt.Prompts, Is.EqualTo(new[] { "Password for the new cosign.key:", "Again:" }));
        Assert.That(() => CosignKeys.LoadPrivate(File.ReadAllText(PrivateKey), "typed-twice").Dispose(), Throws.Nothing);
    }

    [Test]
    public void Two_different_passwords_on_the_terminal_are_refused_and_no_key_is_written_Fake()
    {
        var prompt = new FakePasswordPrompt(canAsk: true, "first", "second");

        Assert.That(() => new GenerateKeysTask().Run(Context(null, prompt)), Throws.TypeOf<BuildConfigurationException>()
            .With.Message.EqualTo("The two passwords differ; run GenerateKeys again."));
        Assert.That(File.Exists(PrivateKey) || File.Exists(PublicKey), Is.False);
    }
}
