using System.Security.Cryptography;
using System.Text;
using Build.Signing;

namespace Build.Tests.Signing;

public sealed class CosignKeysTests
{
    private const string Password = "correct horse 7 battery";
    private static readonly byte[] Message = Encoding.UTF8.GetBytes("release payload");

    [Test]
    public void Generated_pair_loads_with_its_password_and_signs_what_the_public_key_verifies()
    {
        var pair = CosignKeys.Generate(Password);

        using var privateKey = CosignKeys.LoadPrivate(pair.PrivatePem, Password);
        using var publicKey = CosignKeys.LoadPublic(pair.PublicPem);
        var signature = CosignSignature.Sign(privateKey, Message);

        Assert.That(CosignSignature.Verify(publicKey, Message, signature), Is.True);
        Assert.That(CosignSignature.Verify(publicKey, Encoding.UTF8.GetBytes("another payload"), signature), Is.False);
    }

    [Test]
    public void Generated_files_have_cosigns_labels_and_line_layout()
    {
        var pair = CosignKeys.Generate(Password);

        Assert.That(pair.PrivatePem, Does.StartWith("-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\n").And.EndWith("-----END ENCRYPTED SIGSTORE PRIVATE KEY-----\n"));
        Assert.That(pair.PublicPem, Does.StartWith("-----BEGIN PUBLIC KEY-----\n").And.EndWith("-----END PUBLIC KEY-----\n"));
        Assert.That(pair.PrivatePem.Split('\n').Where(line => !line.StartsWith("-----", StringComparison.Ordinal) && line.Length > 0), Has.All.Length.LessThanOrEqualTo(64));
    }

    [Test]
    public void Generated_key_body_is_the_scrypt_secretbox_json_with_cosigns_default_strength()
    {
        var pair = CosignKeys.Generate(Password);
        var body = Encoding.UTF8.GetString(PemBody(pair.PrivatePem));

        Assert.That(body, Does.Match("""^\{"kdf":\{"name":"scrypt","params":\{"N":65536,"r":8,"p":1\},"salt":"[A-Za-z0-9+/]{43}="\},"cipher":\{"name":"nacl/secretbox","nonce":"[A-Za-z0-9+/]{32}"\},"ciphertext":"[A-Za-z0-9+/=]+"\}$"""));
    }

    [Test]
    public void Wrong_password_names_COSIGN_PASSWORD_and_never_the_password()
    {
        var pair = CosignKeys.Generate(Password);
        const string wrong = "not-the-Passw0rd";

        var error = Assert.Throws<SigningKeyException>(() => CosignKeys.LoadPrivate(pair.PrivatePem, wrong, "/secrets/cosign.key"));

        Assert.That(error!.Message, Does.Contain("COSIGN_PASSWORD").And.Contain("/secrets/cosign.key"));
        Assert.That(error.Message, Does.Not.Contain(wrong).And.Not.Contain(Password));
    }

    [Test]
    public void Empty_password_is_a_password_like_any_other()
    {
        var pair = CosignKeys.Generate(string.Empty);

        using var key = CosignKeys.LoadPrivate(pair.PrivatePem, string.Empty);

        Assert.Throws<SigningKeyException>(() => CosignKeys.LoadPrivate(pair.PrivatePem, " "));
        Assert.That(key.KeySize, Is.EqualTo(256));
    }

    [TestCase("cosign-keys-test-sigstore-label.key", "hello")]
    [TestCase("cosign-keys-test-cosign-label.key", "hello")]
    [TestCase("sigstore-rs-cosign-empty-password.key", "")]
    public void Real_cosign_keys_decrypt_with_their_real_passwords(string file, string password)
    {
        using var key = CosignKeys.LoadPrivate(CosignFixtures.Text(file), password, file);

        var signature = CosignSignature.Sign(key, Message);
        using var publicKey = CosignKeys.LoadPublic(CosignKeys.PublicPem(key));
        Assert.That(CosignSignature.Verify(publicKey, Message, signature), Is.True);
    }

    [Test]
    public void Both_pem_labels_are_read_and_cosign_label_keys_fail_on_a_wrong_password_too()
    {
        Assert.That(CosignFixtures.Text("cosign-keys-test-cosign-label.key"), Does.StartWith("-----BEGIN ENCRYPTED COSIGN PRIVATE KEY-----"));
        Assert.That(CosignFixtures.Text("cosign-keys-test-sigstore-label.key"), Does.StartWith("-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----"));

        var error = Assert.Throws<SigningKeyException>(() => CosignKeys.LoadPrivate(CosignFixtures.Text("cosign-keys-test-cosign-label.key"), "hellO"));

        Assert.That(error!.Message, Does.Contain("COSIGN_PASSWORD"));
    }

    [Test]
    public void Key_that_decrypts_to_a_sec1_key_is_refused_as_cosign_refuses_it()
    {
        var error = Assert.Throws<SigningKeyException>(() => CosignKeys.LoadPrivate(CosignFixtures.Text("cosign-keys-test-sec1-inside.key"), "hello", "legacy.key"));

        Assert.That(error!.Message, Does.StartWith("legacy.key").And.Contain("PKCS#8"));
    }

    [Test]
    public void Key_reencrypted_by_us_under_a_new_password_is_the_same_key()
    {
        using var original = CosignKeys.LoadPrivate(CosignFixtures.Text("cosign-keys-test-sigstore-label.key"), "hello");

        using var reloaded = CosignKeys.LoadPrivate(CosignKeys.PrivatePem(original, Password), Password);

        Assert.That(reloaded.ExportSubjectPublicKeyInfo(), Is.EqualTo(original.ExportSubjectPublicKeyInfo()));
    }

    [TestCase("no pem here", "not a PEM file")]
    [TestCase("-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n", "'EC PRIVATE KEY'")]
    [TestCase("-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\neyJub3QiOiJjb3NpZ24ifQ==\n-----END ENCRYPTED SIGSTORE PRIVATE KEY-----\n", "encrypted-key JSON")]
    public void Malformed_key_file_names_the_file_and_the_problem(string pem, string problem)
    {
        var error = Assert.Throws<SigningKeyException>(() => CosignKeys.LoadPrivate(pem, Password, "ci/cosign.key"));

        Assert.That(error!.Message, Does.StartWith("ci/cosign.key").And.Contain(problem));
    }

    [Test]
    public void Public_key_on_another_curve_is_refused_naming_the_file()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);

        var error = Assert.Throws<SigningKeyException>(() => CosignKeys.LoadPublic(p384.ExportSubjectPublicKeyInfoPem(), "deploy/cosign.pub"));

        Assert.That(error!.Message, Does.StartWith("deploy/cosign.pub").And.Contain("P-256"));
    }

    [Test]
    public void Private_pem_is_not_accepted_as_a_public_key()
    {
        var pair = CosignKeys.Generate(Password);

        var error = Assert.Throws<SigningKeyException>(() => CosignKeys.LoadPublic(pair.PrivatePem));

        Assert.That(error!.Message, Does.Contain("'PUBLIC KEY'"));
    }

    private static byte[] PemBody(string pem)
    {
        var fields = PemEncoding.Find(pem);
        return Convert.FromBase64String(pem[fields.Base64Data]);
    }
}
