using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Build.Signing;

namespace Build.Tests.Signing;

/// <summary>Rules of the native cosign formats, one per test: what a verifier accepts and what it refuses.</summary>
public sealed class SigningFormatRulesTests
{
    private static byte[] Sealed(Action<JsonNode> change)
    {
        var json = JsonNode.Parse(EncryptedKeyEnvelope.Seal(Encoding.UTF8.GetBytes("key material"), "pw", 32768))!;
        change(json);
        return Encoding.UTF8.GetBytes(json.ToJsonString());
    }

    [TestCase("kdf", "name", "argon2", "kdf 'argon2'")]
    [TestCase("cipher", "name", "aes-gcm", "cipher 'aes-gcm'")]
    public void A_key_sealed_with_another_kdf_or_cipher_alone_is_refused_naming_it(string part, string field, string value, string named)
    {
        var envelope = Sealed(json => json[part]![field] = value);

        var error = Assert.Throws<SigningKeyException>(() => EncryptedKeyEnvelope.Open(envelope, "pw", "other.key"));

        Assert.That(error!.Message, Does.StartWith("other.key").And.Contain(named));
    }

    [TestCase("N", 1024, "N=1024, r=8, p=1")]
    [TestCase("r", 16, "N=32768, r=16, p=1")]
    [TestCase("p", 2, "N=32768, r=8, p=2")]
    public void One_unsupported_scrypt_parameter_alone_is_refused_naming_the_parameters(string parameter, int value, string named)
    {
        var envelope = Sealed(json => json["kdf"]!["params"]![parameter] = value);

        var error = Assert.Throws<SigningKeyException>(() => EncryptedKeyEnvelope.Open(envelope, "pw", "odd.key"));

        Assert.That(error!.Message, Does.Contain(named));
    }

    [Test]
    public void An_envelope_signed_by_another_key_too_verifies_with_ours()
    {
        using var ours = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var theirs = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var payload = Encoding.UTF8.GetBytes("{\"_type\":\"https://in-toto.io/Statement/v1\"}");
        var theirEnvelope = JsonNode.Parse(Dsse.Sign(theirs, InTotoStatement.PayloadType, payload, "theirs"))!;
        var ourEnvelope = JsonNode.Parse(Dsse.Sign(ours, InTotoStatement.PayloadType, payload, "ours"))!;
        theirEnvelope["signatures"]!.AsArray().Add(ourEnvelope["signatures"]![0]!.DeepClone());

        Assert.That(Dsse.Verify(ours, theirEnvelope.ToJsonString()).IsValid, Is.True, "any one signature by our key is enough");
        Assert.That(Dsse.Verify(theirs, theirEnvelope.ToJsonString()).IsValid, Is.True);
    }

    [TestCase("a")]
    [TestCase("ab")]
    [TestCase("abc")]
    [TestCase("{\"x\":\"\u00e9?>\"}")]
    public void An_unpadded_URL_safe_payload_decodes_as_the_DSSE_spec_allows(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var urlSafe = Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var envelope = $$"""{"payloadType":"text/plain","payload":"{{urlSafe}}","signatures":[]}""";

        Assert.That(Dsse.Parse(envelope).Payload, Is.EqualTo(bytes));
    }

    [Test]
    public void A_signature_s_keyid_is_kept_and_a_missing_or_null_one_is_empty()
    {
        var envelope = """{"payloadType":"t","payload":"YQ","signatures":[{"keyid":"abc","sig":"AA"},{"sig":"AA"},{"keyid":null,"sig":"AA"}]}""";

        Assert.That(Dsse.Parse(envelope).Signatures.Select(signature => signature.KeyId), Is.EqualTo(new[] { "abc", string.Empty, string.Empty }));
    }

    [TestCase("""{"critical":{"identity":{"docker-reference":"ghcr.io/o/r"},"image":{},"type":"cosign container image signature"}}""")]
    [TestCase("""{"critical":{"identity":{},"image":{"docker-manifest-digest":"sha256:0000000000000000000000000000000000000000000000000000000000000000"},"type":"cosign container image signature"}}""")]
    public void A_signature_payload_missing_either_the_reference_or_the_digest_is_refused(string payload)
    {
        var error = Assert.Throws<FormatException>(() => SimpleSigning.Parse(Encoding.UTF8.GetBytes(payload)));

        Assert.That(error!.Message, Does.Contain("docker-reference or critical.image.docker-manifest-digest"));
    }

    [TestCase("ghcr.io/o/r@sha256:0000000000000000000000000000000000000000000000000000000000000000")]
    [TestCase("ghcr.io/o/r:1.2.3")]
    [TestCase(" ")]
    public void A_signature_names_a_repository_never_a_tag_or_digest(string reference)
    {
        var error = Assert.Throws<ArgumentException>(() => SimpleSigning.Payload(reference, "sha256:" + new string('0', 64)));

        Assert.That(error!.Message, Does.Contain("must be a repository without tag or digest"));
    }

    [Test]
    public void A_registry_port_is_not_a_tag()
    {
        var payload = SimpleSigning.Parse(SimpleSigning.Payload("127.0.0.1:5000/o/r", "sha256:" + new string('0', 64)));

        Assert.That(payload.DockerReference, Is.EqualTo("127.0.0.1:5000/o/r"));
    }
}
