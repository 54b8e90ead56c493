using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Security.Cryptography.X509Certificates;
using Build.Signing;
using Build.Tests.Support;

namespace Build.Tests.Signing;

public sealed class DsseTests
{
    [Test]
    public void Pae_is_the_specifications_encoding()
    {
        var pae = Dsse.PreAuthenticationEncoding("http://example.com/HelloWorld", "hello world"u8.ToArray());

        Assert.That(Encoding.ASCII.GetString(pae), Is.EqualTo("DSSEv1 29 http://example.com/HelloWorld 11 hello world"));
    }

    [Test]
    public void Pae_counts_bytes_not_characters()
    {
        var pae = Dsse.PreAuthenticationEncoding("t/é", "ü"u8.ToArray());

        Assert.That(pae, Is.EqualTo("DSSEv1 4 t/é 2 ü"u8.ToArray()));
    }

    [Test]
    public void The_specifications_test_vector_verifies_over_our_pae()
    {
        var envelope = Dsse.Parse(CosignFixtures.Text("dsse-spec-test-vector.envelope.json"));
        var coordinates = JsonNode.Parse(CosignFixtures.Text("dsse-spec-test-vector.key.json"))!;
        using var key = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = Coordinate(coordinates["x"]!), Y = Coordinate(coordinates["y"]!) },
        });

        var signature = Convert.FromBase64String(envelope.Signatures.Single().Sig);
        var valid = key.VerifyData(Dsse.PreAuthenticationEncoding(envelope.PayloadType, envelope.Payload), signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

        Assert.That(valid, Is.True, "the spec's signature is raw r||s; cosign's are DER");
        Assert.That(envelope.Signatures.Single().KeyId, Is.Empty);
    }

    [Test]
    public void A_real_cosign_attestation_verifies_with_the_key_of_its_certificate()
    {
        var bundle = JsonNode.Parse(CosignFixtures.Text("cosign-attest-oci-attestation.sigstore.json"))!;
        using var certificate = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(bundle["verificationMaterial"]!["certificate"]!["rawBytes"]!.GetValue<string>()));
        using var key = certificate.GetECDsaPublicKey()!;

        var verification = Dsse.Verify(key, bundle["dsseEnvelope"]!.ToJsonString());

        Assert.That(verification.IsValid, Is.True);
        Assert.That(verification.PayloadType, Is.EqualTo(InTotoStatement.PayloadType));
        Assert.That(JsonNode.Parse(verification.Payload)!["_type"]!.GetValue<string>(), Is.EqualTo(InTotoStatement.StatementTypeV01));
    }

    [Test]
    public void The_real_cosign_attestation_fails_against_another_key_and_with_a_changed_payload_type()
    {
        var bundle = JsonNode.Parse(CosignFixtures.Text("cosign-attest-oci-attestation.sigstore.json"))!;
        using var certificate = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(bundle["verificationMaterial"]!["certificate"]!["rawBytes"]!.GetValue<string>()));
        using var realKey = certificate.GetECDsaPublicKey()!;
        using var freshKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var envelope = bundle["dsseEnvelope"]!;
        var retyped = envelope.DeepClone();
        retyped["payloadType"] = "application/json";

        Assert.That(Dsse.Verify(freshKey, envelope.ToJsonString()).IsValid, Is.False);
        Assert.That(Dsse.Verify(realKey, retyped.ToJsonString()).IsValid, Is.False);
    }

    [Test]
    public void Our_envelope_round_trips_and_is_marshalled_in_gos_field_order()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var statement = """{"_type":"https://in-toto.io/Statement/v0.1"}"""u8.ToArray();

        var envelope = Dsse.Sign(key, InTotoStatement.PayloadType, statement);
        var verification = Dsse.Verify(key, envelope);

        Assert.That(envelope, Does.Match("""^\{"payloadType":"application/vnd.in-toto\+json","payload":"[A-Za-z0-9+/=]+","signatures":\[\{"keyid":"","sig":"[A-Za-z0-9+/=]+"\}\]\}$"""));
        Assert.That(verification.IsValid, Is.True);
        Assert.That(verification.Payload, Is.EqualTo(statement));
    }

    [Test]
    public void Openssl_verifies_our_envelope_signature_over_a_pae_built_independently()
    {
        using var directory = new TempDirectory("dsse-openssl");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var statement = InTotoStatement.Create(PredicateTypes.Spdx, [("ghcr.io/acme/rds-csi", new string('d', 64))], JsonNode.Parse("""{"spdxVersion":"SPDX-2.3"}""")!);
        var envelope = JsonNode.Parse(Dsse.Sign(key, InTotoStatement.PayloadType, statement))!;
        var payload = Convert.FromBase64String(envelope["payload"]!.GetValue<string>());
        var pae = Encoding.UTF8.GetBytes($"DSSEv1 {InTotoStatement.PayloadType.Length} {InTotoStatement.PayloadType} {payload.Length} ").Concat(payload).ToArray();
        File.WriteAllBytes(directory.Combine("pae.bin"), pae);
        File.WriteAllBytes(directory.Combine("sig.der"), Convert.FromBase64String(envelope["signatures"]![0]!["sig"]!.GetValue<string>()));
        directory.Write("cosign.pub", CosignKeys.PublicPem(key));

        var result = Run.Process("openssl", ["dgst", "-sha256", "-verify", "cosign.pub", "-signature", "sig.der", "pae.bin"], directory.Path);

        Assert.That(result.Output, Does.Contain("Verified OK"), result.ToString());
    }

    [Test]
    public void Url_safe_base64_is_accepted_as_the_specification_requires()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var envelope = JsonNode.Parse(Dsse.Sign(key, "application/octet-stream", [0xfb, 0xff, 0xfe]))!;
        envelope["payload"] = envelope["payload"]!.GetValue<string>().Replace('+', '-').Replace('/', '_').TrimEnd('=');

        var verification = Dsse.Verify(key, envelope.ToJsonString());

        Assert.That(verification.IsValid, Is.True);
        Assert.That(verification.Payload, Is.EqualTo(new byte[] { 0xfb, 0xff, 0xfe }));
    }

    [Test]
    public void A_malformed_envelope_says_what_is_missing()
    {
        var error = Assert.Throws<FormatException>(() => Dsse.Parse("""{"payload":"aGk="}"""));

        Assert.That(error!.Message, Does.Contain("payloadType"));
    }

    private static byte[] Coordinate(JsonNode decimalText)
    {
        var value = BigInteger.Parse(decimalText.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        var bytes = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        return [.. new byte[32 - bytes.Length], .. bytes];
    }
}
