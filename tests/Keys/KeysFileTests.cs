using System.Security.Cryptography;
using Build.Configuration;
using Build.Keys;
using Build.Signing;
using Build.Tests.Support;

namespace Build.Tests.Keys;

/// <summary>deploy/keys/keys.yaml read and written: ids checked with openssl and sha256sum, every bad entry named.</summary>
public sealed class KeysFileTests
{
    private TempDirectory _root = null!;

    [SetUp]
    public void SetUp() => _root = new TempDirectory();

    [TearDown]
    public void TearDown() => _root.Dispose();

    private string AddKey()
    {
        var pem = CosignKeys.Generate(string.Empty).PublicPem;
        var id = KeyFingerprint.OfPem(pem, "test");
        _root.Write(KeysFile.PublicKeyFileOf(id), pem);
        return id;
    }

    [Test]
    public void The_id_is_what_openssl_and_sha256sum_print_for_the_DER_public_key()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var file = _root.Write("key.pub", CosignKeys.PublicPem(key));

        var openssl = Run.Process("sh", ["-c", $"openssl pkey -pubin -in '{file}' -outform DER | sha256sum"]);

        Assert.That(openssl.ExitCode, Is.EqualTo(0), openssl.ToString());
        Assert.That(KeyFingerprint.Of(key), Is.EqualTo(openssl.Output.Split(' ')[0]));
        Assert.That(KeyFingerprint.OfPem(File.ReadAllText(file), "key.pub"), Is.EqualTo(KeyFingerprint.Of(key)));
    }

    [Test]
    public void What_is_written_reads_back_the_same_and_a_reason_with_quotes_and_colons_survives()
    {
        var first = AddKey();
        var second = AddKey();
        var today = new DateOnly(2026, 11, 29);
        var keys = new[]
        {
            ProjectKey.New(first, today) with { Status = KeyStatus.Revoked, Revoked = today, Reason = "leaked: \"ci\" log # not a comment" },
            ProjectKey.New(second, today),
        };

        KeysFile.Write(_root.Path, keys);

        Assert.That(KeysFile.Read(_root.Path), Is.EqualTo(keys));
        var lint = Run.Process("yamllint", ["-f", "parsable", "-d", "{extends: default, rules: {line-length: disable, document-start: disable}}", KeysFile.PathIn(_root.Path)]);
        Assert.That((lint.ExitCode, lint.Output), Is.EqualTo((0, string.Empty)));
    }

    [Test]
    public void No_keys_yaml_is_no_keys()
    {
        Assert.That(KeysFile.Read(_root.Path), Is.Empty);
    }

    private static IEnumerable<TestCaseData> BadEntries()
    {
        const string Id = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        const string File = "deploy/keys/cosign-0123456789ab.pub";
        yield return new TestCaseData($"keys:\n  - id: ABC\n    file: x\n    created: 2026-01-01\n    expires: 2027-01-01\n    status: active\n", "keys[0]: id must be the key's SHA-256 fingerprint").SetName("An_id_that_is_not_64_hex_digits_is_named");
        yield return new TestCaseData($"keys:\n  - id: {Id}\n    file: {File}\n    created: 2026-13-01\n    expires: 2027-01-01\n    status: active\n", "keys[0] (id 0123456789ab): created must be a date YYYY-MM-DD (found '2026-13-01')").SetName("A_bad_date_is_named_with_the_entry");
        yield return new TestCaseData($"keys:\n  - id: {Id}\n    file: {File}\n    created: 2026-01-01\n    expires: 2027-01-01\n    status: trusted\n", "status must be active, retired or revoked (found 'trusted')").SetName("An_unknown_status_is_named");
        yield return new TestCaseData($"keys:\n  - id: {Id}\n    file: {File}\n    created: 2026-01-01\n    expires: 2027-01-01\n    status: revoked\n    revoked: 2026-02-01\n", "is revoked but has no reason").SetName("A_revoked_key_needs_a_reason");
        yield return new TestCaseData($"keys:\n  - id: {Id}\n    file: {File}\n    created: 2026-01-01\n    expires: 2027-01-01\n    status: active\n    reason: x\n", "only a revoked key has them").SetName("An_active_key_with_a_reason_is_refused");
        yield return new TestCaseData($"keys:\n  - id: {Id}\n    file: deploy/other.pub\n    created: 2026-01-01\n    expires: 2027-01-01\n    status: active\n", "file must be deploy/keys/cosign-0123456789ab.pub (found 'deploy/other.pub')").SetName("A_file_not_named_after_the_id_is_refused");
        yield return new TestCaseData($"keys:\n  - id: {Id}\n    file: {File}\n    created: 2026-01-01\n    expires: 2025-01-01\n    status: active\n", "expires 2025-01-01 is not after created 2026-01-01").SetName("Expiry_before_creation_is_refused");
        yield return new TestCaseData("keys: nope\n", "must be one mapping with a 'keys:' list").SetName("A_file_without_a_keys_list_is_refused");
        yield return new TestCaseData("keys: [\n", "is not valid YAML").SetName("Invalid_YAML_is_named");
    }

    [TestCaseSource(nameof(BadEntries))]
    public void A_bad_entry_is_refused_with_the_file_and_the_entry_named(string text, string message)
    {
        Assert.That(() => KeysFile.Parse(text, "deploy/keys/keys.yaml"), Throws.TypeOf<BuildConfigurationException>().With.Message.Contains("deploy/keys/keys.yaml").And.Message.Contains(message));
    }

    [Test]
    public void Two_active_keys_a_duplicate_and_a_file_holding_another_key_are_each_named()
    {
        var first = AddKey();
        var second = AddKey();
        var today = new DateOnly(2026, 11, 29);
        KeysFile.Write(_root.Path, [ProjectKey.New(first, today), ProjectKey.New(second, today), ProjectKey.New(second, today) with { Status = KeyStatus.Retired }]);
        File.Copy(_root.Combine(KeysFile.PublicKeyFileOf(second)), _root.Combine(KeysFile.PublicKeyFileOf(first)), overwrite: true);

        var problems = Assert.Throws<BuildConfigurationException>(() => KeysFile.Read(_root.Path))!.Problems;

        Assert.That(problems, Has.Some.Contains($"keys[0] (id {first[..12]}): deploy/keys/cosign-{first[..12]}.pub is a different key (fingerprint {second[..12]}"));
        Assert.That(problems, Has.Some.Contains($"key {second[..12]} is listed 2 times"));
    }
}
