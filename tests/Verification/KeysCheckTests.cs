using Build.Keys;
using Build.Signing;
using Build.Tests.Support;
using Build.Verification;

namespace Build.Tests.Verification;

/// <summary>The keys check of CheckDeploy and Verify on a folder with a copy of the Kyverno key policy and real keys.</summary>
public sealed class KeysCheckTests
{
    private static readonly DateOnly Today = new(2026, 11, 29);

    private TempDirectory _root = null!;

    [SetUp]
    public void SetUp()
    {
        _root = new TempDirectory();
        Directory.CreateDirectory(_root.Combine("deploy", "policies"));
        File.Copy(Path.Combine(BuildProgram.RepositoryRoot, KeyPolicy.RelativePath), _root.Combine(KeyPolicy.RelativePath));
    }

    [TearDown]
    public void TearDown() => _root.Dispose();

    private ProjectKey Rotate(DateOnly day) => new KeyRotation(_root.Path).Rotate(CosignKeys.Generate(string.Empty).PublicPem, day).Added;

    private IEnumerable<string> Findings() => new KeysCheck(_root.Path).Run().Findings.Select(finding => finding.ToString());

    [Test]
    public void A_clone_without_keys_and_the_placeholder_policy_passes()
    {
        var result = new KeysCheck(_root.Path).Run();

        Assert.That(result.Findings, Is.Empty);
        Assert.That(result.Summary, Does.Contain("no deploy/keys/keys.yaml"));
    }

    [Test]
    public void What_RotateKeys_and_RevokeKey_write_agrees()
    {
        var first = Rotate(Today);
        Rotate(Today);
        new KeyRotation(_root.Path).Revoke(first.Id, "test", Today);

        Assert.That(Findings(), Is.Empty);
    }

    [Test]
    public void A_key_revoked_in_keys_yaml_but_still_in_the_policy_fails_naming_it()
    {
        var first = Rotate(Today);
        Rotate(Today);
        var keys = KeysFile.Read(_root.Path);
        KeysFile.Write(_root.Path, keys.Select(key => key.Id == first.Id ? key with { Status = KeyStatus.Revoked, Revoked = Today, Reason = "hand edit" } : key));

        Assert.That(Findings(), Has.One.Contains("kyverno-verify-rds-csi-key.yaml: disagrees with deploy/keys/keys.yaml").And.Contains($"accepts {first.ShortId} (revoked 2026-11-29: hand edit)"));
    }

    [Test]
    public void A_policy_put_back_to_the_placeholder_misses_every_key_and_a_stale_cosign_pub_is_named()
    {
        var key = Rotate(Today);
        File.Copy(Path.Combine(BuildProgram.RepositoryRoot, KeyPolicy.RelativePath), _root.Combine(KeyPolicy.RelativePath), overwrite: true);
        File.WriteAllText(_root.Combine("deploy", "cosign.pub"), CosignKeys.Generate(string.Empty).PublicPem);

        Assert.That(Findings(), Has.Some.Contains($"missing {key.ShortId} (active"));
        Assert.That(Findings(), Has.Some.Contains($"deploy/cosign.pub: must be the active key {key.ShortId}"));
    }

    [Test]
    public void A_broken_keys_yaml_is_a_finding_not_a_crash()
    {
        _root.Write(KeysFile.RelativePath, "keys:\n  - id: x\n");

        Assert.That(Findings(), Has.Some.StartWith("deploy/keys/keys.yaml: keys[0]: id must be"));
    }

    [TestCase(31, false)]
    [TestCase(30, true)]
    [TestCase(0, true)]
    [TestCase(-3, true)]
    public void An_active_key_warns_from_30_days_before_it_expires(int daysLeft, bool warns)
    {
        Rotate(Today.AddDays(daysLeft).AddYears(-1));
        var active = Rotate(Today.AddDays(daysLeft).AddYears(-1));

        var warnings = KeysCheck.ExpiryWarnings(_root.Path, Today);

        Assert.That(warnings, warns ? Has.Count.EqualTo(1) : Is.Empty, "only the active key warns");
        if (warns)
        {
            Assert.That(warnings[0], Does.Contain(active.ShortId).And.Contain("RotateKeys").And.Contain(daysLeft < 0 ? "expired on" : $"in {daysLeft} day(s)"));
        }
    }
}
