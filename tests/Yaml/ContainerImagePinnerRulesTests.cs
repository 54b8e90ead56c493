using Build.Yaml;

namespace Build.Tests.Yaml;

/// <summary>Which repositories are accepted, which images count as the repository, and what errors say.</summary>
public sealed class ContainerImagePinnerRulesTests
{
    private const string Repository = "ghcr.io/3whiskeywhiskey/rds-csi";
    private const string Digest = "sha256:1111111111111111111111111111111111111111111111111111111111111111";

    private static string Pod(string image) => $"apiVersion: v1\nkind: Pod\nmetadata:\n  name: one\nspec:\n  containers:\n    - name: main\n      image: {image}\n";

    [Test]
    public void The_containers_of_a_bare_Pod_are_pinned()
    {
        var result = ContainerImagePinner.Pin(Pod($"{Repository}:v1"), Repository, Digest, "pod.yaml");

        Assert.That(result.Images.Select(image => image.ToString()), Is.EqualTo(new[] { $"Pod one: spec.containers[0].image {Repository}:v1 -> {Repository}@{Digest}" }));
        Assert.That(YamlAssert.Read(result.Yaml, "spec", "containers", "0", "image"), Is.EqualTo($"{Repository}@{Digest}"));
    }

    [Test]
    public void A_pinned_image_of_a_document_without_kind_or_name_is_described_by_its_position()
    {
        var yaml = "kind: Pod\nspec:\n  containers: []\n---\nspec:\n  containers:\n    - image: " + Repository + "\n";

        var result = ContainerImagePinner.Pin(yaml, Repository, Digest);

        Assert.That(result.Images.Single().ToString(), Is.EqualTo($"document #2: spec.containers[0].image {Repository} -> {Repository}@{Digest}"));
    }

    [Test]
    public void Containers_written_as_a_mapping_instead_of_a_list_are_not_pinned()
    {
        var yaml = $"kind: Pod\nspec:\n  containers:\n    \"0\":\n      image: {Repository}:v1\n";

        var result = ContainerImagePinner.Pin(yaml, Repository, Digest);

        Assert.That(result.Images, Is.Empty);
        Assert.That(result.Yaml, Is.EqualTo(yaml));
    }

    [Test]
    public void A_Docker_Hub_repository_without_a_slash_is_pinned()
    {
        var result = ContainerImagePinner.Pin(Pod("busybox:1.36"), "busybox", Digest);

        Assert.That(result.Images.Single().After, Is.EqualTo($"busybox@{Digest}"));
    }

    [Test]
    public void A_registry_with_a_port_is_a_repository_and_not_a_tag()
    {
        var result = ContainerImagePinner.Pin(Pod("127.0.0.1:5000/rds-csi:v1"), "127.0.0.1:5000/rds-csi", Digest);

        Assert.That(result.Images.Single().After, Is.EqualTo($"127.0.0.1:5000/rds-csi@{Digest}"));
    }

    [Test]
    public void An_image_of_another_repository_with_a_name_of_the_same_length_is_not_pinned()
    {
        var yaml = Pod($"{Repository[..^1]}x:v1");

        var result = ContainerImagePinner.Pin(yaml, Repository, Digest);

        Assert.That(result.Images, Is.Empty);
        Assert.That(result.Yaml, Is.EqualTo(yaml));
    }

    [Test]
    public void A_target_repository_is_what_the_images_are_pinned_to_and_images_already_naming_it_are_pinned_again()
    {
        const string target = "127.0.0.1:5959/3whiskeywhiskey/rds-csi";
        var yaml = Pod($"{Repository}:v1") + "  initContainers:\n    - name: init\n      image: " + target + ":old\n";

        var result = ContainerImagePinner.Pin(yaml, Repository, Digest, targetRepository: target);

        Assert.That(result.Images.Select(image => (image.Before, image.After)), Is.EquivalentTo(new[] { ($"{Repository}:v1", $"{target}@{Digest}"), ($"{target}:old", $"{target}@{Digest}") }));
        Assert.That(YamlAssert.Read(result.Yaml, "spec", "containers", "0", "image"), Is.EqualTo($"{target}@{Digest}"));
    }

    [TestCase("")]
    [TestCase("ghcr.io/3whiskeywhiskey/rds-csi@latest")]
    [TestCase("ghcr.io/3whiskeywhiskey/rds-csi:v1")]
    public void A_repository_that_is_empty_or_carries_a_tag_or_digest_is_refused_with_an_example(string repository)
    {
        var error = Assert.Throws<ArgumentException>(() => ContainerImagePinner.Pin(Pod(Repository), repository, Digest));

        Assert.That(error.Message, Does.StartWith($"'{repository}' is not an image repository: write it without tag or digest, e.g. ghcr.io/3whiskeywhiskey/rds-csi."));
        Assert.That(error.ParamName, Is.EqualTo("repository"));
    }

    [Test]
    public void A_malformed_digest_is_refused_saying_it_is_the_digest_to_pin_to()
    {
        var error = Assert.Throws<ArgumentException>(() => ContainerImagePinner.Pin(Pod(Repository), Repository, "sha256:abc"));

        Assert.That(error.Message, Does.StartWith("The digest to pin images to 'sha256:abc' is not a manifest digest"));
    }

    [Test]
    public void An_image_that_cannot_be_edited_in_place_names_its_document()
    {
        var yaml = Pod("busybox") + "---\n" + Pod($"&pinned {Repository}");

        var error = Assert.Throws<YamlEditException>(() => ContainerImagePinner.Pin(yaml, Repository, Digest, "pods.yaml"));

        Assert.That(error.Message, Does.StartWith("pods.yaml (document 2): spec.containers[0].image"));
    }
}
