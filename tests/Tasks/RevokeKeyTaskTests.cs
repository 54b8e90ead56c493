using Build.Configuration;
using Build.Keys;
using Build.Tasks;
using Build.Tests.Support;

namespace Build.Tests.Tasks;

/// <summary>RevokeKey on an in-memory context over a copy of the Kyverno key policy, after real rotations (RotateKeys).</summary>
public sealed class RevokeKeyTaskTests : TempDirectoryTest
{
    private const string Password = "revoke-pass-3391";

    private ToolPath _path = null!;

    [SetUp]
    public void SetUp()
    {
        _path = ToolPath.With("git");
        Directory.CreateDirectory(Working.Combine("deploy", "policies"));
        File.Copy(Path.Combine(BuildProgram.RepositoryRoot, KeyPolicy.RelativePath), Path.Combine(Working.Path, KeyPolicy.RelativePath));
    }

    [TearDown]
    public void TearDown() => _path.Dispose();

    private BuildContext Context(Dictionary<string, string>? arguments = null) =>
        InMemoryContexts.CreateWithPathAndArguments(Working.Path, _path.Value, Log, options => options with { Secrets = options.Secrets with { CosignPassword = Password } }, arguments ?? [], typeof(RevokeKeyTask));

    private IReadOnlyList<ProjectKey> Keys => KeysFile.Read(Working.Path);

    [Test]
    public void RevokeKey_marks_the_key_revoked_with_date_and_reason_and_takes_it_out_of_the_policy()
    {
        new RotateKeysTask().Run(Context());
        new RotateKeysTask().Run(Context());
        var first = Keys[0];

        new RevokeKeyTask().Run(Context(new() { [Arguments.KeyId] = first.ShortId, [Arguments.Reason] = "key leaked in a CI log" }));

        var revoked = Keys[0];
        Assert.That((revoked.Status, revoked.Revoked, revoked.Reason), Is.EqualTo((KeyStatus.Revoked, (DateOnly?)DateOnly.FromDateTime(DateTime.UtcNow), "key leaked in a CI log")));
        var policy = File.ReadAllText(Working.Combine(KeyPolicy.RelativePath));
        Assert.That(KeyPolicy.PublicKeys(policy).Select(pem => KeyFingerprint.OfPem(pem, "policy")), Is.EqualTo(new[] { Keys[1].Id }));
        Assert.That(File.Exists(Working.Combine(first.File)), Is.True, "a revoked key's public half stays");
        Assert.That(Log.Text, Does.Contain($"Revoked key {first.Id} on "));
    }

    [TestCase("", "a reason", "RevokeKey needs --key-id=ID")]
    [TestCase("0123456789ab", "a reason", "names no key in deploy/keys/keys.yaml")]
    [TestCase("abc", "a reason", "names no key")]
    [TestCase("FIRST", "", "--reason must say why")]
    [TestCase("FIRST", "two\nlines", "on one line")]
    public void RevokeKey_refuses_an_unknown_id_or_an_empty_or_multi_line_reason_and_changes_nothing(string id, string reason, string message)
    {
        new RotateKeysTask().Run(Context());
        var before = File.ReadAllText(KeysFile.PathIn(Working.Path));

        var arguments = new Dictionary<string, string> { [Arguments.KeyId] = id == "FIRST" ? Keys[0].Id : id, [Arguments.Reason] = reason };
        Assert.That(() => new RevokeKeyTask().Run(Context(arguments)), Throws.TypeOf<BuildConfigurationException>().With.Message.Contains(message));
        Assert.That(File.ReadAllText(KeysFile.PathIn(Working.Path)), Is.EqualTo(before));
    }

    [Test]
    public void A_revoked_key_cannot_be_revoked_again_nor_made_active_again()
    {
        new RotateKeysTask().Run(Context());
        var first = Keys[0];
        new RevokeKeyTask().Run(Context(new() { [Arguments.KeyId] = first.Id, [Arguments.Reason] = "retired early" }));

        Assert.That(() => new RevokeKeyTask().Run(Context(new() { [Arguments.KeyId] = first.Id, [Arguments.Reason] = "again" })), Throws.TypeOf<BuildConfigurationException>().With.Message.Contains("is revoked already"));
        Assert.That(() => new KeyRotation(Working.Path).Rotate(File.ReadAllText(Working.Combine(first.File)), DateOnly.FromDateTime(DateTime.UtcNow)), Throws.TypeOf<BuildConfigurationException>().With.Message.Contains("never made active again"));
        Assert.That(File.ReadAllText(Working.Combine(KeyPolicy.RelativePath)), Does.Contain(KeyPolicy.Placeholder), "with no key left the policy admits nothing until the next rotation");
    }
}
