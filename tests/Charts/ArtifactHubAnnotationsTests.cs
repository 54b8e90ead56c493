using Build.Charts;
using YamlDotNet.Serialization;

namespace Build.Tests.Charts;

/// <summary>Artifact Hub's annotations written into Chart.yaml text: read back with YamlDotNet's deserializer, comments and other lines kept byte for byte.</summary>
public sealed class ArtifactHubAnnotationsTests
{
    private const string Digest = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    private const string ChartYaml = "# The chart. A comment that stays.\napiVersion: v2\nname: rds-csi-driver\nversion: 1.2.3 # inline comment\nappVersion: \"1.2.3\"\nkeywords:\n  - csi\n";

    private static readonly ArtifactHubFacts Facts = new(
        [("rds-csi", "ghcr.io/acme/rds-csi:1.2.3@" + Digest), ("csi-provisioner", "registry.k8s.io/sig-storage/csi-provisioner:v6.3.0@" + Digest)],
        "### Added\n- Snapshots: \"quoted\" and a colon\n  continued on a second line\n\n### Fixed\n- A # that is no comment\n\n- A bullet under no heading\n",
        "Apache-2.0",
        Prerelease: false,
        ("0123456789ABCDEF0123456789ABCDEF01234567", "https://github.com/acme/rds-csi/releases/download/v1.2.3/helm-signing.asc"),
        [new ArtifactHubLink("source", "https://github.com/acme/rds-csi")]);

    private static IReadOnlyDictionary<string, string> Annotations(string yaml) => ChartMetadata.Parse(yaml, "Chart.yaml").Annotations;

    private static T Parse<T>(string yaml) => new Deserializer().Deserialize<T>(yaml);

    [Test]
    public void Without_annotations_they_are_appended_and_every_committed_line_stays_as_it_was()
    {
        var (yaml, kept) = ArtifactHubAnnotations.Apply(ChartYaml, ArtifactHubAnnotations.For(Facts), "Chart.yaml");

        Assert.That(yaml, Does.StartWith(ChartYaml + "annotations:\n  artifacthub.io/images: |\n"));
        Assert.That(kept, Is.Empty);
        var annotations = Annotations(yaml);
        Assert.That(annotations.Keys, Is.EquivalentTo(new[] { "artifacthub.io/images", "artifacthub.io/changes", "artifacthub.io/license", "artifacthub.io/prerelease", "artifacthub.io/signKey", "artifacthub.io/links" }));
        Assert.That(Parse<List<Dictionary<string, string>>>(annotations["artifacthub.io/images"]), Is.EqualTo(new[]
        {
            new Dictionary<string, string> { ["name"] = "rds-csi", ["image"] = "ghcr.io/acme/rds-csi:1.2.3@" + Digest },
            new Dictionary<string, string> { ["name"] = "csi-provisioner", ["image"] = "registry.k8s.io/sig-storage/csi-provisioner:v6.3.0@" + Digest },
        }));
        Assert.That((annotations["artifacthub.io/license"], annotations["artifacthub.io/prerelease"]), Is.EqualTo(("Apache-2.0", "false")));
        Assert.That(Parse<Dictionary<string, string>>(annotations["artifacthub.io/signKey"]), Is.EqualTo(new Dictionary<string, string>
        {
            ["fingerprint"] = "0123456789ABCDEF0123456789ABCDEF01234567",
            ["url"] = "https://github.com/acme/rds-csi/releases/download/v1.2.3/helm-signing.asc",
        }));
        Assert.That(Parse<List<Dictionary<string, string>>>(annotations["artifacthub.io/links"]).Single()["url"], Is.EqualTo("https://github.com/acme/rds-csi"));
    }

    [Test]
    public void The_changelog_section_becomes_changes_with_Keep_a_Changelog_s_headings_as_kinds()
    {
        var changes = Parse<List<Dictionary<string, string>>>(ArtifactHubAnnotations.ChangesOf(Facts.ChangelogSection!));

        Assert.That(changes, Is.EqualTo(new[]
        {
            new Dictionary<string, string> { ["kind"] = "added", ["description"] = "Snapshots: \"quoted\" and a colon continued on a second line" },
            new Dictionary<string, string> { ["kind"] = "fixed", ["description"] = "A # that is no comment" },
            new Dictionary<string, string> { ["kind"] = "fixed", ["description"] = "A bullet under no heading" },
        }));
        Assert.That(Parse<List<Dictionary<string, string>>>(ArtifactHubAnnotations.ChangesOf("- plain\n### Notes\n- other")), Is.EqualTo(new[]
        {
            new Dictionary<string, string> { ["description"] = "plain" },
            new Dictionary<string, string> { ["description"] = "other" },
        }), "a bullet under no Keep a Changelog heading has no kind");
    }

    [Test]
    public void A_prerelease_says_true_and_a_chart_without_a_Helm_key_has_no_signKey_and_no_changes_without_a_section()
    {
        var annotations = Annotations(ArtifactHubAnnotations.Apply(ChartYaml, ArtifactHubAnnotations.For(Facts with { Prerelease = true, SignKey = null, ChangelogSection = null }), "Chart.yaml").Yaml);

        Assert.That(annotations["artifacthub.io/prerelease"], Is.EqualTo("true"));
        Assert.That(annotations.Keys, Has.None.EqualTo("artifacthub.io/signKey").And.None.EqualTo("artifacthub.io/changes"));
    }

    [Test]
    public void Committed_annotations_get_the_new_ones_below_them_with_their_indentation_and_a_committed_license_is_kept()
    {
        var committed = ChartYaml + "annotations:\n    # the maintainer's comment\n    example.com/team: storage\n    artifacthub.io/license: MIT\nhome: https://example.com\n";

        var (yaml, kept) = ArtifactHubAnnotations.Apply(committed, ArtifactHubAnnotations.For(Facts), "Chart.yaml");

        Assert.That(kept, Is.EqualTo(new[] { "artifacthub.io/license" }));
        Assert.That(yaml, Does.StartWith(ChartYaml + "annotations:\n    # the maintainer's comment\n    example.com/team: storage\n    artifacthub.io/license: MIT\n    artifacthub.io/images: |\n      - name: \"rds-csi\"\n"));
        Assert.That(yaml, Does.EndWith("\nhome: https://example.com\n"));
        var annotations = Annotations(yaml);
        Assert.That((annotations["artifacthub.io/license"], annotations["example.com/team"]), Is.EqualTo(("MIT", "storage")));
        Assert.That(ChartMetadata.Parse(yaml, "Chart.yaml").Home, Is.EqualTo("https://example.com"));
    }

    [Test]
    public void A_committed_annotation_ending_the_file_without_a_line_end_is_followed_on_a_new_line()
    {
        var (yaml, _) = ArtifactHubAnnotations.Apply(ChartYaml + "annotations:\n  example.com/team: storage", ArtifactHubAnnotations.For(Facts), "Chart.yaml");

        Assert.That(yaml, Does.Contain("  example.com/team: storage\n  artifacthub.io/images: |\n"));
        Assert.That(Annotations(yaml)["example.com/team"], Is.EqualTo("storage"));
    }

    [TestCase("artifacthub.io/images")]
    [TestCase("artifacthub.io/prerelease")]
    [TestCase("artifacthub.io/signKey")]
    public void A_committed_annotation_the_release_computes_is_refused_naming_it(string key)
    {
        var committed = ChartYaml + $"annotations:\n  {key}: stale\n";

        var error = Assert.Throws<ChartException>(() => ArtifactHubAnnotations.Apply(committed, ArtifactHubAnnotations.For(Facts), "deploy/helm/rds-csi-driver/Chart.yaml"))!;

        Assert.That(error.Message, Does.Contain($"deploy/helm/rds-csi-driver/Chart.yaml commits the annotation {key}").And.Contain("remove it"));
    }

    [TestCase("annotations: {}\n")]
    [TestCase("annotations:\n")]
    public void Annotations_that_are_not_a_block_mapping_with_entries_are_refused(string annotations)
    {
        var error = Assert.Throws<ChartException>(() => ArtifactHubAnnotations.Apply(ChartYaml + annotations, ArtifactHubAnnotations.For(Facts), "Chart.yaml"))!;

        Assert.That(error.Message, Does.Contain("annotations (line 8) is not a block mapping with entries"));
    }
}
