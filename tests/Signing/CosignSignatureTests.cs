using System.Security.Cryptography;
using System.Text;
using Build.Signing;
using Build.Tests.Support;
using Build.Registry;

namespace Build.Tests.Signing;

public sealed class CosignSignatureTests
{
    [Test]
    public void A_real_cosign_image_signature_verifies()
    {
        using var publicKey = CosignKeys.LoadPublic(CosignFixtures.Text("sigstore-rs-busybox.pub"));

        var valid = CosignSignature.Verify(publicKey, CosignFixtures.Bytes("sigstore-rs-busybox.payload.json"), CosignFixtures.Text("sigstore-rs-busybox.payload.sig"));

        Assert.That(valid, Is.True);
    }

    [Test]
    public void The_real_signature_fails_against_a_fresh_key_and_against_a_changed_payload()
    {
        var signature = CosignFixtures.Text("sigstore-rs-busybox.payload.sig");
        var payload = CosignFixtures.Bytes("sigstore-rs-busybox.payload.json");
        using var freshKey = CosignKeys.LoadPublic(CosignKeys.Generate("pw").PublicPem);
        using var realKey = CosignKeys.LoadPublic(CosignFixtures.Text("sigstore-rs-busybox.pub"));
        var changed = (byte[])payload.Clone();
        changed[^3] = (byte)'N';

        Assert.That(CosignSignature.Verify(freshKey, payload, signature), Is.False);
        Assert.That(CosignSignature.Verify(realKey, changed, signature), Is.False);
    }

    [Test]
    public void Signature_text_with_line_breaks_still_verifies_and_garbage_is_just_invalid()
    {
        using var realKey = CosignKeys.LoadPublic(CosignFixtures.Text("sigstore-rs-busybox.pub"));
        var payload = CosignFixtures.Bytes("sigstore-rs-busybox.payload.json");
        var signature = CosignFixtures.Text("sigstore-rs-busybox.payload.sig");

        Assert.That(CosignSignature.Verify(realKey, payload, signature.Insert(44, "\n") + "\n"), Is.True);
        Assert.That(CosignSignature.Verify(realKey, payload, "this is not base64!"), Is.False);
        Assert.That(CosignSignature.Verify(realKey, payload, string.Empty), Is.False);
    }

    [Test]
    public void Openssl_verifies_our_image_signature()
    {
        using var directory = new TempDirectory("cosign-openssl");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var payload = SimpleSigning.Payload("127.0.0.1:5959/acme/rds-csi", OciDigest.Sha256("manifest"u8));
        File.WriteAllBytes(directory.Combine("payload.json"), payload);
        File.WriteAllBytes(directory.Combine("sig.der"), Convert.FromBase64String(CosignSignature.Sign(key, payload)));
        directory.Write("cosign.pub", CosignKeys.PublicPem(key));

        var result = Run.Process("openssl", ["dgst", "-sha256", "-verify", "cosign.pub", "-signature", "sig.der", "payload.json"], directory.Path);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Output, Does.Contain("Verified OK"));
    }

    [Test]
    public void We_verify_a_blob_signature_made_by_openssl_with_a_cosign_style_public_key()
    {
        using var directory = new TempDirectory("cosign-openssl");
        directory.Write("blob.txt", "my first artifact\n");
        Run.Process("openssl", ["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "ec.key"], directory.Path);
        Run.Process("openssl", ["ec", "-in", "ec.key", "-pubout", "-out", "ec.pub"], directory.Path);
        var signed = Run.Process("openssl", ["dgst", "-sha256", "-sign", "ec.key", "-out", "blob.sig.der", "blob.txt"], directory.Path);
        Assert.That(signed.ExitCode, Is.Zero, signed.ToString());
        using var publicKey = CosignKeys.LoadPublic(File.ReadAllText(directory.Combine("ec.pub")));
        var signatureText = Convert.ToBase64String(File.ReadAllBytes(directory.Combine("blob.sig.der")));

        Assert.That(CosignSignature.VerifyBlob(publicKey, directory.Combine("blob.txt"), signatureText), Is.True);
        directory.Write("blob.txt", "my second artifact\n");
        Assert.That(CosignSignature.VerifyBlob(publicKey, directory.Combine("blob.txt"), signatureText), Is.False);
    }

    [Test]
    public void Blob_signature_of_a_file_equals_verification_of_its_stream_and_openssl_agrees()
    {
        using var directory = new TempDirectory("cosign-blob");
        var pair = CosignKeys.Generate("blob-pw");
        using var key = CosignKeys.LoadPrivate(pair.PrivatePem, "blob-pw");
        directory.Write("rds-csi-1.2.3.tgz", new string('x', 100_000));
        directory.Write("cosign.pub", pair.PublicPem);
        var signatureText = CosignSignature.SignBlob(key, directory.Combine("rds-csi-1.2.3.tgz"));
        File.WriteAllBytes(directory.Combine("sig.der"), Convert.FromBase64String(signatureText));
        using var publicKey = CosignKeys.LoadPublic(pair.PublicPem);

        using (var stream = File.OpenRead(directory.Combine("rds-csi-1.2.3.tgz")))
        {
            Assert.That(CosignSignature.VerifyBlob(publicKey, stream, signatureText), Is.True);
        }

        var result = Run.Process("openssl", ["dgst", "-sha256", "-verify", "cosign.pub", "-signature", "sig.der", "rds-csi-1.2.3.tgz"], directory.Path);
        Assert.That(result.Output, Does.Contain("Verified OK"), result.ToString());
    }

    [Test]
    public void Signature_is_der_encoded_as_cosign_stores_it()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var der = Convert.FromBase64String(CosignSignature.Sign(key, Encoding.UTF8.GetBytes("x")));

        Assert.That(der[0], Is.EqualTo(0x30), "an ASN.1 SEQUENCE");
        Assert.That(der[1], Is.EqualTo(der.Length - 2));
    }
}
