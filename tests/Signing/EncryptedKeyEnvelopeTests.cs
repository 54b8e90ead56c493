using System.Text;
using Build.Signing;

namespace Build.Tests.Signing;

/// <summary>The scrypt + secretbox envelope against go-securesystemslib's own vectors (the library cosign uses).</summary>
public sealed class EncryptedKeyEnvelopeTests
{
    /// <summary>Go's JSON for the bytes "reallyimportant", which the vectors seal (encrypted.Marshal).</summary>
    private static readonly string SealedJson = "\"" + Convert.ToBase64String(Encoding.UTF8.GetBytes("reallyimportant")) + "\"";

    [TestCase("securesystemslib-kdf-legacy-N32768.json")]
    [TestCase("securesystemslib-kdf-standard-N65536.json")]
    [TestCase("securesystemslib-kdf-owasp-N131072.json")]
    public void Every_scrypt_strength_cosign_reads_opens_the_real_vector(string file)
    {
        var plaintext = EncryptedKeyEnvelope.Open(CosignFixtures.Bytes(file), "supersecret", file);

        Assert.That(Encoding.UTF8.GetString(plaintext), Is.EqualTo(SealedJson));
    }

    [Test]
    public void Unsupported_scrypt_parameters_are_refused_before_deriving_a_key()
    {
        var error = Assert.Throws<SigningKeyException>(() =>
            EncryptedKeyEnvelope.Open(CosignFixtures.Bytes("securesystemslib-kdf-unsupported-params.json"), "supersecret", "odd.key"));

        Assert.That(error!.Message, Does.StartWith("odd.key").And.Contain("N=99, r=99, p=99"));
    }

    [Test]
    public void A_flipped_ciphertext_byte_does_not_open()
    {
        var sealedBytes = EncryptedKeyEnvelope.Seal(Encoding.UTF8.GetBytes("secret key bytes"), "pw", 32768);
        var json = System.Text.Json.Nodes.JsonNode.Parse(sealedBytes)!;
        var box = Convert.FromBase64String(json["ciphertext"]!.GetValue<string>());
        box[^1] ^= 0x01;
        json["ciphertext"] = Convert.ToBase64String(box);

        Assert.Throws<SigningKeyException>(() => EncryptedKeyEnvelope.Open(Encoding.UTF8.GetBytes(json.ToJsonString()), "pw", "tampered.key"));
    }

    [TestCase(32768)]
    [TestCase(131072)]
    public void Seal_writes_the_requested_strength_and_opens_again(int cost)
    {
        var sealedBytes = EncryptedKeyEnvelope.Seal(Encoding.UTF8.GetBytes("key material"), "pw", cost);

        Assert.That(Encoding.UTF8.GetString(sealedBytes), Does.Contain($"\"params\":{{\"N\":{cost},\"r\":8,\"p\":1}}"));
        Assert.That(Encoding.UTF8.GetString(EncryptedKeyEnvelope.Open(sealedBytes, "pw", "k")), Is.EqualTo("key material"));
    }
}
