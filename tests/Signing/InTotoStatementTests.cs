using System.Text;
using System.Text.Json.Nodes;
using Build.Signing;

namespace Build.Tests.Signing;

public sealed class InTotoStatementTests
{
    [Test]
    public void Statement_is_byte_for_byte_the_payload_of_a_real_cosign_attest()
    {
        var realPayload = Convert.FromBase64String(JsonNode.Parse(CosignFixtures.Text("cosign-attest-oci-attestation.sigstore.json"))!["dsseEnvelope"]!["payload"]!.GetValue<string>());
        var predicate = new JsonObject { ["Data"] = "{\"foo\": \"bar\"}\n", ["Timestamp"] = "2025-02-28T19:18:11Z" };

        var statement = InTotoStatement.Create(
            "https://cosign.sigstore.dev/attestation/v1",
            [("127.0.0.1:60943/repo", "732112270d7e59418a8c080b134b24cabd67d250d0d0147a97ed95ba5c280aa4")],
            predicate);

        Assert.That(Encoding.UTF8.GetString(statement), Is.EqualTo(Encoding.UTF8.GetString(realPayload)));
    }

    [Test]
    public void Predicate_keys_come_out_sorted_as_cosign_round_trips_them_through_a_go_map()
    {
        var predicate = JsonNode.Parse("""{"spdxVersion":"SPDX-2.3","SPDXID":"SPDXRef-DOCUMENT","creationInfo":{"creators":["Tool: syft"],"created":"2025-01-01T00:00:00Z"},"name":"a<b"}""")!;

        var statement = Encoding.UTF8.GetString(InTotoStatement.Create(PredicateTypes.Spdx, [("ghcr.io/acme/rds-csi", "sha256:" + new string('e', 64))], predicate));

        Assert.That(statement, Does.EndWith("""
            "predicate":{"SPDXID":"SPDXRef-DOCUMENT","creationInfo":{"created":"2025-01-01T00:00:00Z","creators":["Tool: syft"]},"name":"a\u003cb","spdxVersion":"SPDX-2.3"}}
            """));
        Assert.That(statement, Does.StartWith("""{"_type":"https://in-toto.io/Statement/v0.1","predicateType":"https://spdx.dev/Document","subject":[{"name":"ghcr.io/acme/rds-csi","digest":{"sha256":"eeee"""));
    }

    [Test]
    public void A_subject_digest_that_is_not_sha256_is_refused_naming_the_subject()
    {
        var error = Assert.Throws<ArgumentException>(() => InTotoStatement.Create(PredicateTypes.SlsaProvenanceV1, [("rds-csi", "v1.2.3")], new JsonObject()));

        Assert.That(error!.Message, Does.Contain("'rds-csi'").And.Contain("'v1.2.3'"));
    }

    [Test]
    public void A_statement_without_subjects_is_refused()
    {
        Assert.Throws<ArgumentException>(() => InTotoStatement.Create(PredicateTypes.Spdx, [], new JsonObject()));
    }
}
