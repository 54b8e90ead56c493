using Build.Signing;

namespace Build.Tests.Signing;

public sealed class SimpleSigningTests
{
    [Test]
    public void Payload_is_byte_for_byte_the_real_cosign_payload_without_annotations()
    {
        var payload = SimpleSigning.Payload(
            "registry-testing.svc.lan/busybox",
            "sha256:f3cfc9d0dbf931d3db4685ec659b7ac68e2a578219da4aae65427886e649b06b");

        Assert.That(payload, Is.EqualTo(CosignFixtures.Bytes("sigstore-rs-busybox.payload.json")));
    }

    [Test]
    public void Payload_is_byte_for_byte_the_real_cosign_payload_with_an_annotation()
    {
        var payload = SimpleSigning.Payload(
            "registry.suse.com/suse/sle-micro/5.0/toolbox",
            "sha256:356631f7603526a0af827741f5fe005acf19b7ef7705a34241a91c2d47a6db5e",
            new Dictionary<string, string> { ["creator"] = "OBS" });

        Assert.That(payload, Is.EqualTo(CosignFixtures.Bytes("sigstore-rs-suse-toolbox.payload.json")));
    }

    [Test]
    public void Annotations_are_sorted_and_html_escaped_as_go_marshals_a_map()
    {
        var payload = SimpleSigning.Payload(
            "ghcr.io/3whiskeywhiskey/rds-csi",
            "sha256:" + new string('a', 64),
            new Dictionary<string, string> { ["version"] = "1.2.3", ["commit"] = "abc", ["note"] = "<a&b>" });

        Assert.That(System.Text.Encoding.UTF8.GetString(payload), Does.EndWith("\"optional\":{\"commit\":\"abc\",\"note\":\"\\u003ca\\u0026b\\u003e\",\"version\":\"1.2.3\"}}"));
    }

    [Test]
    public void Parse_returns_reference_digest_and_annotations_of_a_real_payload()
    {
        var parsed = SimpleSigning.Parse(CosignFixtures.Bytes("sigstore-rs-suse-toolbox.payload.json"));

        Assert.That(parsed.DockerReference, Is.EqualTo("registry.suse.com/suse/sle-micro/5.0/toolbox"));
        Assert.That(parsed.ManifestDigest, Is.EqualTo("sha256:356631f7603526a0af827741f5fe005acf19b7ef7705a34241a91c2d47a6db5e"));
        Assert.That(parsed.Optional!["creator"]!.GetValue<string>(), Is.EqualTo("OBS"));
        Assert.That(SimpleSigning.Parse(CosignFixtures.Bytes("sigstore-rs-busybox.payload.json")).Optional, Is.Null);
    }

    [Test]
    public void Parse_refuses_a_payload_of_another_type()
    {
        var payload = """{"critical":{"identity":{"docker-reference":"r"},"image":{"docker-manifest-digest":"d"},"type":"atomic container signature"},"optional":null}"""u8.ToArray();

        var error = Assert.Throws<FormatException>(() => SimpleSigning.Parse(payload));

        Assert.That(error!.Message, Does.Contain("atomic container signature"));
    }

    [TestCase("ghcr.io/acme/rds-csi:1.0")]
    [TestCase("ghcr.io/acme/rds-csi@sha256:aaaa")]
    public void A_reference_with_tag_or_digest_is_refused(string reference)
    {
        var error = Assert.Throws<ArgumentException>(() => SimpleSigning.Payload(reference, "sha256:" + new string('b', 64)));

        Assert.That(error!.Message, Does.Contain(reference).And.Contain("without tag or digest"));
    }

    [Test]
    public void A_registry_port_is_not_mistaken_for_a_tag()
    {
        var payload = SimpleSigning.Parse(SimpleSigning.Payload("127.0.0.1:5959/acme/rds-csi", "sha256:" + new string('c', 64)));

        Assert.That(payload.DockerReference, Is.EqualTo("127.0.0.1:5959/acme/rds-csi"));
    }

    [Test]
    public void A_tag_instead_of_a_digest_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => SimpleSigning.Payload("ghcr.io/acme/rds-csi", "v1.2.3"));

        Assert.That(error!.Message, Does.Contain("'v1.2.3'").And.Contain("sha256:"));
    }
}
