using Build.Yaml;

namespace Build.Tests.Yaml;

/// <summary>What KustomizationPinner refuses, and how it names a rehearsal's registry.</summary>
public sealed class KustomizationPinnerRulesTests
{
    private const string Image = "ghcr.io/3whiskeywhiskey/rds-csi";
    private const string Digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private const string Kustomization = "resources:\n  - node.yaml\nimages:\n  - name: ghcr.io/other/image\n    newTag: v2\n  - name: " + Image + "\n    newTag: \"0.1.0\"   # replaced by the release\n";

    [TestCase("")]
    [TestCase("- node.yaml\n")]
    public void Text_whose_document_is_not_a_mapping_is_not_a_kustomization(string yaml)
    {
        var error = Assert.Throws<YamlEditException>(() => KustomizationPinner.Pin(yaml, Image, Digest, "deploy/kustomization.yaml"));

        Assert.That(error.Message, Is.EqualTo("deploy/kustomization.yaml is not a kustomization (its document is not a mapping)."));
    }

    [Test]
    public void A_kustomization_without_an_images_list_is_refused_saying_what_to_add()
    {
        var error = Assert.Throws<YamlEditException>(() => KustomizationPinner.Pin("resources:\n  - node.yaml\n", Image, Digest));

        Assert.That(error.Message, Is.EqualTo($"kustomization.yaml has no images: list; add an entry for {Image} (name, newTag) so a release can pin it."));
    }

    [TestCase("images:\n  - name: " + Image + "\n    newName: x\n")]
    [TestCase("images:\n  - name: " + Image + "\n    newTag:\n")]
    public void An_entry_without_a_tag_or_digest_to_replace_is_refused(string yaml)
    {
        var error = Assert.Throws<YamlEditException>(() => KustomizationPinner.Pin(yaml, Image, Digest));

        Assert.That(error.Message, Does.Contain($"the images: entry for {Image} has neither newTag nor digest to replace"));
    }

    [TestCase("newTag: !!str\n    newName: x\n", "newTag")]
    [TestCase("newTag: &version \"0.1.0\"\n", "newTag")]
    [TestCase("digest: !digest sha256:00\n", "digest")]
    public void A_tag_or_digest_that_carries_an_anchor_or_tag_is_refused_rather_than_rewritten(string field, string key)
    {
        var yaml = $"images:\n  - name: {Image}\n    {field}";

        var error = Assert.Throws<YamlEditException>(() => KustomizationPinner.Pin(yaml, Image, Digest));

        Assert.That(error.Message, Is.EqualTo($"kustomization.yaml: the {key} of the images: entry for {Image} carries an anchor (&) or tag (!), which is not replaced in place; write it as newTag: \"0.0.0\"."));
    }

    [Test]
    public void Only_the_named_images_entry_is_pinned()
    {
        var pinned = KustomizationPinner.Pin(Kustomization, Image, Digest);

        Assert.That(pinned, Is.EqualTo(Kustomization.Replace("newTag: \"0.1.0\"", "digest: " + Digest)));
        Assert.That(YamlAssert.Read(pinned, "images", "1", "digest"), Is.EqualTo(Digest));
        Assert.That(YamlAssert.Read(pinned, "images", "0", "newTag"), Is.EqualTo("v2"));
    }

    [Test]
    public void An_image_pushed_elsewhere_gets_newName_at_the_entrys_indentation()
    {
        const string rehearsal = "127.0.0.1:5959/3whiskeywhiskey/rds-csi";

        var pinned = KustomizationPinner.Pin(Kustomization, Image, Digest, newName: rehearsal);

        Assert.That(pinned, Is.EqualTo(Kustomization.Replace("newTag: \"0.1.0\"", $"newName: {rehearsal}\n    digest: {Digest}")));
        Assert.That(YamlAssert.Read(pinned, "images", "1", "newName"), Is.EqualTo(rehearsal));
        Assert.That(YamlAssert.Read(pinned, "images", "1", "digest"), Is.EqualTo(Digest));
        Assert.That(KustomizationPinner.Pin(pinned, Image, Digest, newName: rehearsal), Is.EqualTo(pinned), "pinning again adds no second newName");
    }

    [Test]
    public void A_newName_equal_to_the_image_name_is_not_written()
    {
        Assert.That(KustomizationPinner.Pin(Kustomization, Image, Digest, newName: Image), Is.EqualTo(KustomizationPinner.Pin(Kustomization, Image, Digest)));
    }
}
