using System.Text;
using Build.Images;

namespace Build.Tests.Images;

/// <summary>What buildah 1.28 writes for a FROM scratch image, and what is left of it.</summary>
public sealed class EmptyAnnotationsTests
{
    private const string Buildah =
        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"sha256:dbae2578ff50ba51ab88cabdbcd600228218170068f9c355d007a8bd2d1ae194\",\"size\":474},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"sha256:f634f406ffc977f0d47abde148a703c30f3f7e21c998fa5c9a048b396dd2c3bc\",\"size\":2048}],\"annotations\":{\"org.opencontainers.image.base.digest\":\"\",\"org.opencontainers.image.base.name\":\"\"}}";

    [Test]
    public void The_empty_base_annotations_of_a_scratch_image_are_dropped_and_everything_else_is_byte_for_byte_the_same()
    {
        var clean = Encoding.UTF8.GetString(EmptyAnnotations.Drop(Encoding.UTF8.GetBytes(Buildah)));

        Assert.That(clean, Is.EqualTo(Buildah[..Buildah.IndexOf(",\"annotations\"", StringComparison.Ordinal)] + "}"));
    }

    [Test]
    public void Filled_annotations_stay_and_a_manifest_without_empty_ones_is_returned_unchanged()
    {
        var filled = Buildah.Replace("\"org.opencontainers.image.base.name\":\"\"", "\"org.opencontainers.image.base.name\":\"docker.io/library/alpine:3.20\"");
        var bytes = Encoding.UTF8.GetBytes(filled);

        var once = EmptyAnnotations.Drop(bytes);
        var twice = EmptyAnnotations.Drop(once);

        Assert.That(Encoding.UTF8.GetString(once), Does.Contain("\"annotations\":{\"org.opencontainers.image.base.name\":\"docker.io/library/alpine:3.20\"}"));
        Assert.That(twice, Is.SameAs(once));
    }
}
