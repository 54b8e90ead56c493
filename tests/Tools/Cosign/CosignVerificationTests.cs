using System.Text;
using System.Text.Json;
using Build.Tests.Scanning;
using Build.Tools.Cosign;

namespace Build.Tests.Tools.Cosign;

public sealed class CosignVerificationTests
{
    [Test]
    public void A_terminal_capture_of_cosign_verify_gives_the_signed_reference_and_digest()
    {
        var signatures = CosignVerification.ParseSignatures(Samples.Read("cosign/verify-key.txt"));

        var signature = signatures.Single();
        Assert.That(signature.DockerReference, Is.EqualTo("ghcr.io/gertd/demo"));
        Assert.That(signature.ManifestDigest, Is.EqualTo("sha256:e583dc0e018fc11d659da7d1957c60ad8a523eafc142a9de391516eb45594e6f"));
        Assert.That(signature.Type, Is.EqualTo("cosign container image signature"));
        Assert.That(signature.Subject, Is.Null, "a key-based signature has no certificate subject");
        Assert.That(signature.Optional, Is.Empty, "the Rekor bundle is an object, not an annotation");
    }

    [Test]
    public void Output_without_a_JSON_array_is_refused_with_what_cosign_printed()
    {
        var error = Assert.Throws<FormatException>(() => CosignVerification.ParseSignatures("Error: no signatures found"));

        Assert.That(error.Message, Does.Contain("no JSON array").And.Contain("no signatures found"));
    }

    [Test]
    public void Attestation_envelopes_give_the_predicate_type_and_subjects_Contract()
    {
        // No real verify-attestation output is at hand: this envelope is built to the DSSE and in-toto shapes cosign prints.
        var statement = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["_type"] = "https://in-toto.io/Statement/v0.1",
            ["predicateType"] = "https://spdx.dev/Document",
            ["subject"] = new[] { new Dictionary<string, object> { ["name"] = "ghcr.io/3whiskeywhiskey/rds-csi", ["digest"] = new Dictionary<string, string> { ["sha256"] = "e583dc0e" } } },
            ["predicate"] = JsonDocument.Parse(Samples.Read("syft/TestSPDXJSONImageEncoder.golden.spdx.json")).RootElement,
        });
        var envelope = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["payloadType"] = "application/vnd.in-toto+json",
            ["payload"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(statement)),
            ["signatures"] = new[] { new Dictionary<string, string> { ["keyid"] = "", ["sig"] = "MEUCIQ" } },
        });

        var attestation = CosignVerification.ParseAttestations("Verification for ghcr.io/3whiskeywhiskey/rds-csi --\n" + envelope + "\n").Single();

        Assert.That(attestation.PayloadType, Is.EqualTo("application/vnd.in-toto+json"));
        Assert.That(attestation.PredicateType, Is.EqualTo("https://spdx.dev/Document"));
        Assert.That(attestation.Subjects, Is.EqualTo(new[] { new CosignAttestationSubject("ghcr.io/3whiskeywhiskey/rds-csi", "e583dc0e") }));
    }

    [Test]
    public void A_JSON_array_that_is_not_a_signature_payload_is_refused()
    {
        var error = Assert.Throws<FormatException>(() => CosignVerification.ParseSignatures("""[{"critical":{"type":"cosign container image signature"}}]"""));

        Assert.That(error.Message, Does.Contain("without the expected fields"));
    }

    [Test]
    public void Output_without_an_attestation_is_refused()
    {
        Assert.Throws<FormatException>(() => CosignVerification.ParseAttestations("Error: no matching attestations"));
    }
}
