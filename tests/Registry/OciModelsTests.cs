using System.Text;
using Build.Configuration;
using Build.Registry;

namespace Build.Tests.Registry;

public sealed class OciModelsTests
{
    // The example index of the OCI image spec (image-index.md, "Example Image Index").
    private const string SpecIndex = """
        {
          "schemaVersion": 2,
          "manifests": [
            {
              "mediaType": "application/vnd.oci.image.manifest.v1+json",
              "size": 7143,
              "digest": "sha256:e692418e4cbaf90ca69d05a66403747baa33ee08806650b51fab815ad7fc331f",
              "platform": {
                "architecture": "ppc64le",
                "os": "linux"
              }
            },
            {
              "mediaType": "application/vnd.oci.image.manifest.v1+json",
              "size": 7682,
              "digest": "sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270",
              "platform": {
                "architecture": "amd64",
                "os": "linux"
              }
            }
          ],
          "annotations": {
            "com.example.key1": "value1",
            "com.example.key2": "value2"
          }
        }
        """;

    [Test]
    public void Sha256_digest_is_the_prefixed_lowercase_hex_of_the_bytes()
    {
        // sha256("{}"), the digest every OCI empty config has.
        Assert.That(OciDigest.Sha256("{}"u8), Is.EqualTo("sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"));
        Assert.That(OciDescriptor.EmptyJson, Is.EqualTo(new OciDescriptor(OciMediaTypes.EmptyJson, "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", 2)));
        Assert.That(OciDigest.IsDigest("sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"), Is.True);
        Assert.That(OciDigest.IsDigest("1.2.3"), Is.False);
    }

    [Test]
    public void The_spec_example_index_parses_with_its_platforms()
    {
        var index = OciIndex.Parse(Encoding.UTF8.GetBytes(SpecIndex));

        Assert.That(index.Manifests.Select(manifest => manifest.Platform!.ToString()), Is.EqualTo(new[] { "linux/ppc64le", "linux/amd64" }));
        Assert.That(index.ManifestFor(OciPlatform.From(Platform.Parse("linux/amd64", "test")))!.Size, Is.EqualTo(7682));
        Assert.That(index.ManifestFor(new OciPlatform("linux", "arm64")), Is.Null);
        Assert.That(index.Annotations!["com.example.key2"], Is.EqualTo("value2"));
    }

    [Test]
    public void An_index_serializes_compactly_in_spec_order_with_sorted_annotations_and_no_nulls()
    {
        var index = new OciIndex
        {
            Manifests = [new OciDescriptor(OciMediaTypes.ImageManifest, "sha256:aa", 3) { Platform = new OciPlatform("linux", "arm", "v7") }],
            Annotations = new Dictionary<string, string> { ["z"] = "1", ["a"] = "2" },
        };

        var json = Encoding.UTF8.GetString(index.ToJson());

        Assert.That(json, Is.EqualTo("""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:aa","size":3,"platform":{"os":"linux","architecture":"arm","variant":"v7"}}],"annotations":{"a":"2","z":"1"}}"""));
    }

    [Test]
    public void An_artifact_manifest_round_trips_with_subject_layers_and_annotations()
    {
        var payload = "{\"critical\":{}}"u8.ToArray();
        var manifest = new OciImageManifest
        {
            ArtifactType = "application/vnd.dev.cosign.artifact.sig.v1+json",
            Config = OciDescriptor.EmptyJson,
            Layers = [OciDescriptor.Of("application/vnd.dev.cosign.simplesigning.v1+json", payload) with { Annotations = new Dictionary<string, string> { ["dev.cosignproject.cosign/signature"] = "MEUCIQ==" } }],
            Subject = new OciDescriptor(OciMediaTypes.ImageIndex, "sha256:bb", 10),
            Annotations = new Dictionary<string, string> { ["org.opencontainers.image.created"] = "2026-01-01T00:00:00Z" },
        };

        var json = manifest.ToJson();
        var parsed = OciImageManifest.Parse(json);

        Assert.That(Encoding.UTF8.GetString(json), Does.StartWith("""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","artifactType":"application/vnd.dev.cosign.artifact.sig.v1+json","config":{"mediaType":"application/vnd.oci.empty.v1+json","""));
        Assert.That(parsed.ToJson(), Is.EqualTo(json));
        Assert.That(parsed.Subject, Is.EqualTo(manifest.Subject));
        Assert.That(parsed.Layers.Single().Digest, Is.EqualTo(OciDigest.Sha256(payload)));
        Assert.That(parsed.Layers.Single().Size, Is.EqualTo(payload.Length));
        Assert.That(parsed.Layers.Single().Annotations!["dev.cosignproject.cosign/signature"], Is.EqualTo("MEUCIQ=="));
    }

    [Test]
    public void A_document_that_is_not_a_manifest_says_what_is_wrong()
    {
        var missingConfig = Assert.Throws<InvalidDataException>(() => OciImageManifest.Parse("""{"schemaVersion":2,"layers":[]}"""u8));
        var anIndex = Assert.Throws<InvalidDataException>(() => OciImageManifest.Parse(Encoding.UTF8.GetBytes(SpecIndex.Replace("\"schemaVersion\": 2,", "\"schemaVersion\": 2, \"mediaType\": \"application/vnd.oci.image.index.v1+json\", \"config\": {\"mediaType\":\"x\",\"digest\":\"sha256:aa\",\"size\":1},"))));
        var oldSchema = Assert.Throws<InvalidDataException>(() => OciIndex.Parse("""{"schemaVersion":1,"manifests":[]}"""u8));
        var notJson = Assert.Throws<InvalidDataException>(() => OciIndex.Parse("<html>"u8));

        Assert.That(missingConfig!.Message, Does.Contain("not an OCI image manifest").And.Contain("config"));
        Assert.That(anIndex!.Message, Does.Contain("mediaType is application/vnd.oci.image.index.v1+json"));
        Assert.That(oldSchema!.Message, Does.Contain("schemaVersion is 1"));
        Assert.That(notJson!.Message, Does.Contain("not an OCI image index"));
    }
}
