using Build.Configuration;
using Build.Keys;
using Build.Tasks;
using Build.Tests.Support;

namespace Build.Tests.Tasks;

/// <summary>
/// RotateKeys on an in-memory context over a copy of deploy/policies: keys.yaml, the key files (checked with openssl),
/// deploy/cosign.pub and the Kyverno key policy. Tests named Fake use a stand-in terminal.
/// </summary>
public sealed class RotateKeysTaskTests : TempDirectoryTest
{
    private const string Password = "rotate-pass-8812";

    private ToolPath _path = null!;

    [SetUp]
    public void SetUp()
    {
        _path = ToolPath.With("git");
        var policies = Working.Combine("deploy", "policies");
        Directory.CreateDirectory(policies);
        File.Copy(Path.Combine(BuildProgram.RepositoryRoot, KeyPolicy.RelativePath), Path.Combine(Working.Path, KeyPolicy.RelativePath));
    }

    [TearDown]
    public void TearDown() => _path.Dispose();

    private BuildContext Context(string? password = Password) =>
        InMemoryContexts.CreateWithPath(Working.Path, _path.Value, Log, options => options with { Secrets = options.Secrets with { CosignPassword = password } }, typeof(RotateKeysTask));

    private IReadOnlyList<ProjectKey> Keys => KeysFile.Read(Working.Path);

    [Test]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void The_first_rotation_makes_the_first_key_active_for_a_year_and_says_to_move_the_private_key_to_a_secrets_manager()
    {
        new RotateKeysTask().Run(Context());

        var key = Keys.Single();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        Assert.That((key.Status, key.Created, key.Expires, key.File), Is.EqualTo((KeyStatus.Active, today, today.AddYears(1), $"deploy/keys/cosign-{key.ShortId}.pub")));
        Assert.That(OpenSslId(Working.Combine("deploy", "keys", $"cosign-{key.ShortId}.pub")), Is.EqualTo(key.Id));
        Assert.That(File.ReadAllText(Working.Combine("deploy", "cosign.pub")), Is.EqualTo(File.ReadAllText(Working.Combine(key.File))));
        Assert.That(File.GetUnixFileMode(Working.Combine($"cosign-{key.ShortId}.key")), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        Assert.That(File.ReadAllText(Working.Combine(".gitignore")), Does.Contain("cosign-*.key\n"));
        Assert.That(Log.Text, Does.Contain("Move it to a secrets manager").And.Contain("this is the project's first key").And.Not.Contain(Password));
    }

    [Test]
    public void A_second_rotation_retires_the_first_key_and_the_policy_accepts_both_in_every_attestor()
    {
        new RotateKeysTask().Run(Context());
        new RotateKeysTask().Run(Context());

        Assert.That(Keys.Select(key => key.Status), Is.EqualTo(new[] { KeyStatus.Retired, KeyStatus.Active }));
        var policy = File.ReadAllText(Working.Combine(KeyPolicy.RelativePath));
        Assert.That(KeyPolicy.PublicKeys(policy).Select(pem => KeyFingerprint.OfPem(pem, "policy")), Is.EquivalentTo(Keys.Select(key => key.Id)));
        Assert.That(policy, Does.Not.Contain(KeyPolicy.Placeholder));
        Assert.That(new Build.Verification.PolicyCheck(Working.Path, KeyPolicy.RelativePath).Run().Findings, Is.Empty);
        Assert.That(File.ReadAllText(Working.Combine("deploy", "cosign.pub")), Is.EqualTo(File.ReadAllText(Working.Combine(Keys[1].File))));
    }

    [Test]
    public void Without_COSIGN_PASSWORD_and_a_terminal_no_key_is_made_Fake()
    {
        var context = Context(password: null);
        context.Services.UsePasswordPrompt(new FakePasswordPrompt(canAsk: false));

        Assert.That(() => new RotateKeysTask().Run(context), Throws.TypeOf<BuildConfigurationException>().With.Message.Contains("COSIGN_PASSWORD is not set"));
        Assert.That(Directory.GetFiles(Working.Path, "cosign-*.key"), Is.Empty);
        Assert.That(File.Exists(KeysFile.PathIn(Working.Path)), Is.False);
    }

    [Test]
    public void A_broken_keys_yaml_stops_the_rotation_before_a_private_key_is_made()
    {
        Directory.CreateDirectory(Working.Combine("deploy", "keys"));
        File.WriteAllText(KeysFile.PathIn(Working.Path), "keys:\n  - id: nothex\n    status: active\n");

        Assert.That(() => new RotateKeysTask().Run(Context()), Throws.TypeOf<BuildConfigurationException>().With.Message.Contains("deploy/keys/keys.yaml: keys[0]"));
        Assert.That(Directory.GetFiles(Working.Path, "cosign-*.key"), Is.Empty);
    }

    private static string OpenSslId(string publicKey)
    {
        var result = Run.Process("sh", ["-c", $"openssl pkey -pubin -in '{publicKey}' -outform DER | sha256sum"]);
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        return result.Output.Split(' ')[0];
    }

    [Test]
    public void A_key_GenerateKeys_published_before_keys_yaml_existed_is_kept_as_retired_by_the_first_rotation()
    {
        new GenerateKeysTask().Run(Context());
        var earlier = KeyFingerprint.OfPem(File.ReadAllText(Working.Combine("deploy", "cosign.pub")), "cosign.pub");

        new RotateKeysTask().Run(Context());

        Assert.That(Keys.Select(key => (key.Id == earlier, key.Status)), Is.EqualTo(new[] { (true, KeyStatus.Retired), (false, KeyStatus.Active) }));
        Assert.That(OpenSslId(Working.Combine(Keys[0].File)), Is.EqualTo(earlier));
        Assert.That(KeyPolicy.PublicKeys(File.ReadAllText(Working.Combine(KeyPolicy.RelativePath))), Has.Count.EqualTo(2));
    }
}
