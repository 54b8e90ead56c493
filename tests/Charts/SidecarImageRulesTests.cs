using Build.Charts;

namespace Build.Tests.Charts;

/// <summary>How values.yaml's sidecars.NAME.image entries are read, from text alone (no registry is asked).</summary>
public sealed class SidecarImageRulesTests
{
    private const string Digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private static string Values(string tag = "v1.0.0", string digest = "\"\"") =>
        $"image:\n  tag: x\nsidecars:\n  probe:\n    image:\n      repository: registry.k8s.io/sig-storage/livenessprobe\n      tag: {tag}\n      digest: {digest}\n";

    private static string Refusal(string yaml) => Assert.Throws<ChartException>(() => SidecarDigests.Parse(yaml, "values.yaml"))!.Message;

    [TestCase("")]
    [TestCase("image:\n  tag: x\n")]
    [TestCase("sidecars: ~\n")]
    [TestCase("sidecars:\n  - a\n")]
    [TestCase("- sidecars\n")]
    public void Values_without_a_mapping_of_sidecars_have_none(string yaml)
    {
        Assert.That(SidecarDigests.Parse(yaml, "values.yaml"), Is.Empty);
    }

    [Test]
    public void A_sidecar_is_read_with_its_registry_repository_tag_and_reference()
    {
        var sidecar = SidecarDigests.Parse(Values(), "values.yaml").Single();

        Assert.That((sidecar.Name, sidecar.Repository.Registry, sidecar.Repository.Repository, sidecar.Tag, sidecar.Digest), Is.EqualTo(("probe", "registry.k8s.io", "sig-storage/livenessprobe", "v1.0.0", (string?)null)));
        Assert.That(sidecar.Reference, Is.EqualTo("registry.k8s.io/sig-storage/livenessprobe:v1.0.0"));
        Assert.That(sidecar.DigestPath, Is.EqualTo(new[] { "sidecars", "probe", "image", "digest" }));
    }

    [Test]
    public void A_committed_digest_is_read()
    {
        Assert.That(SidecarDigests.Parse(Values(digest: Digest), "values.yaml").Single().Digest, Is.EqualTo(Digest));
    }

    [TestCase("_v1")]
    [TestCase("v1.2.3-rc.1_b")]
    public void A_tag_of_letters_digits_underscores_dots_and_dashes_is_accepted(string tag)
    {
        Assert.That(SidecarDigests.Parse(Values(tag), "values.yaml").Single().Tag, Is.EqualTo(tag));
    }

    [Test]
    public void A_tag_of_128_characters_is_accepted_and_one_of_129_is_refused()
    {
        var longest = "v" + new string('1', 127);

        Assert.That(SidecarDigests.Parse(Values(longest), "values.yaml").Single().Tag, Is.EqualTo(longest));
        Assert.That(Refusal(Values(longest + "1")), Does.Contain($"sidecars.probe.image.tag '{longest}1' is not an image tag"));
    }

    [TestCase(".v1")]
    [TestCase("-v1")]
    [TestCase("\"v1 \"")]
    public void A_tag_starting_with_a_dot_or_dash_or_holding_a_space_is_refused(string tag)
    {
        Assert.That(Refusal(Values(tag)), Is.EqualTo($"values.yaml: sidecars.probe.image.tag '{tag.Trim('"')}' is not an image tag (letters, digits, '_', '.', '-'; at most 128, not starting with '.' or '-')."));
    }

    [TestCase("sidecars:\n  probe: registry.k8s.io/x:v1\n")]
    [TestCase("sidecars:\n  probe:\n    name: x\n")]
    [TestCase("sidecars:\n  probe:\n    image: registry.k8s.io/x:v1\n")]
    public void A_sidecar_without_an_image_mapping_is_refused_naming_it(string yaml)
    {
        Assert.That(Refusal(yaml), Is.EqualTo("values.yaml: sidecars.probe.image is missing: each sidecar names its image as repository, tag and digest."));
    }

    [Test]
    public void A_sidecar_without_a_repository_is_refused_with_an_example()
    {
        Assert.That(Refusal("sidecars:\n  probe:\n    image:\n      repository: \"\"\n      tag: v1\n"), Is.EqualTo("values.yaml: sidecars.probe.image.repository is empty; write the image repository with its registry, e.g. registry.k8s.io/sig-storage/csi-provisioner."));
    }

    [Test]
    public void A_sidecar_without_a_tag_is_refused_saying_the_release_pins_the_digest()
    {
        Assert.That(Refusal("sidecars:\n  probe:\n    image:\n      repository: registry.k8s.io/x\n"), Is.EqualTo("values.yaml: sidecars.probe.image.tag is empty; a sidecar names its release by tag (e.g. v6.3.0), and the release pins its digest."));
    }

    [Test]
    public void A_malformed_digest_is_refused_saying_what_a_digest_is()
    {
        Assert.That(Refusal(Values(digest: "sha256:abc")), Is.EqualTo("values.yaml: sidecars.probe.image.digest 'sha256:abc' is not sha256:<64 lowercase hex>; correct it or leave it \"\" for the release to pin."));
    }

    [Test]
    public void Text_that_is_not_YAML_names_the_file_and_line()
    {
        Assert.That(Refusal("sidecars:\n  probe:\n   image: x\n  bad\n"), Does.StartWith("values.yaml is not valid YAML (line "));
    }
}
