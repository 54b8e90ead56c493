using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Build.Signing;
using Build.Tests.Support;
using Build.Registry;

namespace Build.Tests.Signing;

public sealed class CosignManifestTests
{
    private static readonly string ImageDigest = "sha256:" + new string('a', 64);

    [Test]
    public void Cosign_tags_replace_the_colon_and_add_the_kind()
    {
        Assert.That(CosignTags.SignatureTag(ImageDigest), Is.EqualTo("sha256-" + new string('a', 64) + ".sig"));
        Assert.That(CosignTags.AttestationTag(ImageDigest), Is.EqualTo("sha256-" + new string('a', 64) + ".att"));
        Assert.That(CosignTags.SbomTag(ImageDigest), Is.EqualTo("sha256-" + new string('a', 64) + ".sbom"));
    }

    [Test]
    public void A_tag_is_not_a_digest_to_name_cosign_tags_after()
    {
        var error = Assert.Throws<ArgumentException>(() => CosignTags.SignatureTag("latest"));

        Assert.That(error!.Message, Does.Contain("'latest'"));
    }

    [Test]
    public void Signature_image_is_cosigns_oci_manifest_with_the_payload_layer_and_its_annotation()
    {
        var layer = CosignLayer.Signature(SimpleSigning.Payload("ghcr.io/acme/rds-csi", ImageDigest), "MEUCIQ==");

        var image = CosignManifest.Build([layer.Descriptor]);

        Assert.That(Encoding.UTF8.GetString(image.Manifest), Is.EqualTo(
            "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\"," +
            $"\"config\":{{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"size\":{image.Config.Length},\"digest\":\"{OciDigest.Sha256(image.Config)}\"}}," +
            $"\"layers\":[{{\"mediaType\":\"application/vnd.dev.cosign.simplesigning.v1+json\",\"size\":{layer.Content.Length},\"digest\":\"{OciDigest.Sha256(layer.Content)}\"," +
            "\"annotations\":{\"dev.cosignproject.cosign/signature\":\"MEUCIQ==\"}}]}"));
        Assert.That(image.ManifestDigest, Is.EqualTo(OciDigest.Sha256(image.Manifest)));
    }

    [Test]
    public void Config_lists_every_layer_with_zero_timestamps_as_cosign_writes_it()
    {
        var first = OciDescriptor.Of(CosignMediaTypes.SimpleSigning, "one"u8.ToArray());
        var second = OciDescriptor.Of(CosignMediaTypes.SimpleSigning, "two"u8.ToArray());

        var image = CosignManifest.Build([first, second]);

        Assert.That(Encoding.UTF8.GetString(image.Config), Is.EqualTo(
            "{\"architecture\":\"\",\"created\":\"0001-01-01T00:00:00Z\",\"history\":[{\"created\":\"0001-01-01T00:00:00Z\"},{\"created\":\"0001-01-01T00:00:00Z\"}]," +
            $"\"os\":\"\",\"rootfs\":{{\"type\":\"layers\",\"diff_ids\":[\"{first.Digest}\",\"{second.Digest}\"]}},\"config\":{{}}}}"));
    }

    [Test]
    public void Attestation_layer_carries_an_empty_signature_and_the_predicate_type()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var envelope = Dsse.Sign(key, InTotoStatement.PayloadType, InTotoStatement.Create(PredicateTypes.Spdx, [("ghcr.io/acme/rds-csi", ImageDigest)], new JsonObject()));

        var layer = CosignLayer.Attestation(envelope, PredicateTypes.Spdx);

        Assert.That(layer.Descriptor.MediaType, Is.EqualTo("application/vnd.dsse.envelope.v1+json"));
        Assert.That(layer.Descriptor.Annotations, Is.EquivalentTo(new Dictionary<string, string>
        {
            ["dev.cosignproject.cosign/signature"] = string.Empty,
            ["predicateType"] = "https://spdx.dev/Document",
        }));
        Assert.That(Encoding.UTF8.GetString(CosignManifest.Build([layer.Descriptor]).Manifest), Does.Contain("\"annotations\":{\"dev.cosignproject.cosign/signature\":\"\",\"predicateType\":\"https://spdx.dev/Document\"}"));
    }

    [Test]
    public void Skopeo_reads_and_copies_our_signature_image_from_an_oci_layout()
    {
        using var directory = new TempDirectory("cosign-layout");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var payload = SimpleSigning.Payload("127.0.0.1:5959/acme/rds-csi", ImageDigest);
        var layer = CosignLayer.Signature(payload, CosignSignature.Sign(key, payload));
        var image = CosignManifest.Build([layer.Descriptor]);
        var tag = CosignTags.SignatureTag(ImageDigest);
        WriteLayout(directory.Combine("source"), tag, image, layer);

        var raw = Run.Process("skopeo", ["inspect", "--raw", $"oci:{directory.Combine("source")}:{tag}"]);
        var copy = Run.Process("skopeo", ["copy", "--quiet", $"oci:{directory.Combine("source")}:{tag}", $"oci:{directory.Combine("copy")}:{tag}"]);
        var copied = Run.Process("skopeo", ["inspect", $"oci:{directory.Combine("copy")}:{tag}"]);

        Assert.That(raw.ExitCode, Is.Zero, raw.ToString());
        Assert.That(raw.Output, Is.EqualTo(Encoding.UTF8.GetString(image.Manifest)));
        Assert.That(copy.ExitCode, Is.Zero, copy.ToString());
        Assert.That(copied.ExitCode, Is.Zero, copied.ToString());
        var inspected = JsonNode.Parse(copied.Output)!;
        Assert.That(inspected["Digest"]!.GetValue<string>(), Is.EqualTo(image.ManifestDigest), "the copy verified every blob and kept our manifest bytes");
        Assert.That(inspected["Layers"]!.AsArray().Select(digest => digest!.GetValue<string>()), Is.EqualTo(new[] { layer.Descriptor.Digest }));
        Assert.That(inspected["Created"]!.GetValue<string>(), Is.EqualTo("0001-01-01T00:00:00Z"));
    }

    private static void WriteLayout(string root, string tag, CosignImage image, CosignLayer layer)
    {
        var blobs = Path.Combine(root, "blobs", "sha256");
        Directory.CreateDirectory(blobs);
        void Blob(string digest, byte[] content) => File.WriteAllBytes(Path.Combine(blobs, digest[OciDigest.Sha256Prefix.Length..]), content);
        Blob(image.ConfigDescriptor.Digest, image.Config);
        Blob(layer.Descriptor.Digest, layer.Content);
        Blob(image.ManifestDigest, image.Manifest);
        File.WriteAllText(Path.Combine(root, "oci-layout"), """{"imageLayoutVersion":"1.0.0"}""");
        File.WriteAllText(Path.Combine(root, "index.json"), new JsonObject
        {
            ["schemaVersion"] = 2,
            ["manifests"] = new JsonArray(new JsonObject
            {
                ["mediaType"] = CosignMediaTypes.OciManifest,
                ["digest"] = image.ManifestDigest,
                ["size"] = image.Manifest.Length,
                ["annotations"] = new JsonObject { ["org.opencontainers.image.ref.name"] = tag },
            }),
        }.ToJsonString());
    }
}
