using Build.Configuration;
using Build.Images;

namespace Build.Tests.Images;

public sealed class OciIndexTests
{
    /// <summary>An index exactly as buildah 1.28 pushed it to a registry here (manifest push --all --format oci).</summary>
    private const string PushedIndex =
        """{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:69233a376b42fec90aef7b3427c4358389d24f9042b50dd1f944fa66bedf2736","size":500,"platform":{"architecture":"amd64","os":"linux"}},{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:b05920331fa88ac6e1169a2b2d3406fcee96a7677d897dc90e6130d1ab9ba708","size":500,"platform":{"architecture":"arm64","os":"linux"}}]}""";

    [Test]
    public void Reads_each_platforms_digest()
    {
        var digests = OciIndex.PlatformDigests(PushedIndex, "test");

        Assert.That(digests[new Platform("linux", "amd64")], Is.EqualTo("sha256:69233a376b42fec90aef7b3427c4358389d24f9042b50dd1f944fa66bedf2736"));
        Assert.That(digests[new Platform("linux", "arm64")], Is.EqualTo("sha256:b05920331fa88ac6e1169a2b2d3406fcee96a7677d897dc90e6130d1ab9ba708"));
    }

    [Test]
    public void Attestation_manifests_of_platform_unknown_are_not_platforms()
    {
        const string index = """{"manifests":[{"digest":"sha256:aa","platform":{"os":"linux","architecture":"arm","variant":"v7"}},{"digest":"sha256:bb","platform":{"os":"unknown","architecture":"unknown"}}]}""";

        Assert.That(OciIndex.PlatformDigests(index, "test").Keys, Is.EqualTo(new[] { new Platform("linux", "arm", "v7") }));
    }

    [Test]
    public void A_single_image_manifest_is_not_an_index()
    {
        var error = Assert.Throws<InvalidOperationException>(() => OciIndex.PlatformDigests("""{"schemaVersion":2,"config":{},"layers":[]}""", "ghcr.io/a/b@sha256:cc"));

        Assert.That(error!.Message, Does.Contain("ghcr.io/a/b@sha256:cc").And.Contain("single-platform"));
    }
}
