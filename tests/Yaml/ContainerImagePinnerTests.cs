using Build.Tests.Charts;
using Build.Tests.Support;
using Build.Yaml;

namespace Build.Tests.Yaml;

public sealed class ContainerImagePinnerTests
{
    private const string Repository = "ghcr.io/3whiskeywhiskey/rds-csi";
    private const string Digest = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    private const string NewDigest = "sha256:2222222222222222222222222222222222222222222222222222222222222222";
    private static readonly string Manifests = ChartFixtures.Read("manifests/rds-csi.yaml");

    [Test]
    public void The_driver_containers_and_init_containers_of_every_workload_are_pinned_and_nothing_else()
    {
        var result = ContainerImagePinner.Pin(Manifests, Repository, Digest, "rds-csi.yaml");

        Assert.That(result.Images.Select(image => $"{image.Kind}/{image.Name} {image.Path}"), Is.EqualTo(new[]
        {
            "Deployment/rds-csi-controller spec.template.spec.containers[0].image",
            "DaemonSet/rds-csi-node spec.template.spec.initContainers[0].image",
            "DaemonSet/rds-csi-node spec.template.spec.containers[0].image",
            "CronJob/rds-csi-gc spec.jobTemplate.spec.template.spec.containers[0].image",
        }));
        Assert.That(result.ChangedCount, Is.EqualTo(4));
        Assert.That(YamlAssert.ChangedLines(Manifests, result.Yaml), Has.Count.EqualTo(4));
        Assert.That(result.Yaml, Does.Contain("registry.k8s.io/sig-storage/csi-provisioner:v5.1.0").And.Contain("ghcr.io/3whiskeywhiskey/rds-csi-sidecar:v1.0.0"));
    }

    [Test]
    public void Each_pinned_field_keeps_its_quotes_and_comment_and_YamlDotNet_reads_the_digest_reference()
    {
        var pinned = $"{Repository}@{Digest}";

        var yaml = ContainerImagePinner.Pin(Manifests, Repository, Digest, "rds-csi.yaml").Yaml;

        Assert.That(yaml, Does.Contain($"          image: \"{pinned}\"\n"), "the Deployment's plain value needs quotes for its ':'");
        Assert.That(yaml, Does.Contain($"          image: \"{pinned}\"   # bare repository, quoted\n"));
        Assert.That(yaml, Does.Contain($"              image: '{pinned}'\n"));
        Assert.That(yaml, Does.Contain("        # The driver itself, by tag until the release pins it.\n"));
        var documents = YamlAssert.Documents(yaml);
        Assert.That(documents, Has.Count.EqualTo(4));
        Assert.That(string.Concat(documents).Split(pinned).Length - 1, Is.EqualTo(4));
        Assert.That(YamlAssert.Documents(yaml.Replace(pinned, "X", StringComparison.Ordinal)), Is.EqualTo(YamlAssert.Documents(
            Manifests.Replace($"{Repository}:v0.3.1", "X").Replace($"\"{Repository}\"", "\"X\"").Replace($"{Repository}:latest", "X"))));
    }

    [Test]
    public void Pinning_pinned_manifests_again_changes_nothing_and_a_new_digest_replaces_the_old()
    {
        var once = ContainerImagePinner.Pin(Manifests, Repository, Digest).Yaml;

        var again = ContainerImagePinner.Pin(once, Repository, Digest);
        var newer = ContainerImagePinner.Pin(once, Repository, NewDigest);

        Assert.That(again.Yaml, Is.EqualTo(once));
        Assert.That(again.Images, Has.Count.EqualTo(4));
        Assert.That(again.ChangedCount, Is.Zero);
        Assert.That(newer.Yaml, Is.EqualTo(once.Replace(Digest, NewDigest)));
    }

    [Test]
    public void A_file_is_pinned_in_place()
    {
        using var directory = new TempDirectory();
        var file = directory.Write("rds-csi.yaml", Manifests);

        var result = ContainerImagePinner.PinFile(file, Repository, Digest);

        Assert.That(File.ReadAllText(file), Is.EqualTo(result.Yaml));
        Assert.That(result.Images.All(image => image.After == $"{Repository}@{Digest}"), Is.True);
    }

    [TestCase("ghcr.io/3whiskeywhiskey/rds-csi:v1", Digest)]
    [TestCase("ghcr.io/3whiskeywhiskey/rds-csi@sha256:aa", Digest)]
    [TestCase(Repository, "sha256:short")]
    public void A_repository_with_a_tag_or_a_malformed_digest_is_refused(string repository, string digest)
    {
        Assert.Throws<ArgumentException>(() => ContainerImagePinner.Pin(Manifests, repository, digest));
    }
}
