using Build.HelmRepository;
using Build.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Build.Tests.HelmRepository;

public sealed class HelmIndexTests
{
    private TempDirectory _temp = null!;

    [SetUp]
    public void Create() => _temp = new TempDirectory("helm-index");

    [TearDown]
    public void Delete() => _temp.Dispose();

    private HelmIndexEntry Entry(string version, DateTimeOffset? time = null) =>
        HelmIndexEntry.FromPackage(HelmCharts.Package(_temp.Path, version, time), $"rds-csi-sample-{version}.tgz", time ?? HelmCharts.CommitTime);

    private static YamlMappingNode Root(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static string Scalar(YamlNode node, string key) => ((YamlScalarNode)((YamlMappingNode)node)[key]).Value!;

    [Test]
    public void An_entry_has_the_packaged_Chart_yaml_fields_the_commit_time_the_sha256_of_the_package_and_its_url()
    {
        var package = HelmCharts.Package(_temp.Path, "1.2.3");
        var index = HelmIndex.Empty("index.yaml");
        index.Add(HelmIndexEntry.FromPackage(package, "rds-csi-sample-1.2.3.tgz", HelmCharts.CommitTime), force: false);

        var root = Root(index.ToYaml());
        var entry = ((YamlSequenceNode)((YamlMappingNode)root["entries"])["rds-csi-sample"])[0];

        Assert.That(Scalar(root, "apiVersion"), Is.EqualTo("v1"));
        Assert.That(Scalar(entry, "digest"), Is.EqualTo(HelmCharts.Sha256Sum(package)), "sha256sum of the .tgz");
        Assert.That(Scalar(entry, "created"), Is.EqualTo("2026-03-04T05:06:07Z"));
        Assert.That(Scalar(root, "generated"), Is.EqualTo("2026-03-04T05:06:07Z"), "generated is the newest created, not the clock");
        Assert.That(((YamlSequenceNode)((YamlMappingNode)entry)["urls"]).Children.Select(url => ((YamlScalarNode)url).Value), Is.EqualTo(new[] { "rds-csi-sample-1.2.3.tgz" }));
        Assert.That(Scalar(entry, "name"), Is.EqualTo("rds-csi-sample"));
        Assert.That(Scalar(entry, "version"), Is.EqualTo("1.2.3"));
        Assert.That(Scalar(entry, "appVersion"), Is.EqualTo("1.2.3"));
        Assert.That(Scalar(entry, "apiVersion"), Is.EqualTo("v2"));
        Assert.That(Scalar(entry, "kubeVersion"), Is.EqualTo(">=1.26.0-0"));
        Assert.That(Scalar(((YamlMappingNode)entry)["annotations"], "artifacthub.io/license"), Is.EqualTo("Apache-2.0"));
        Assert.That(((YamlSequenceNode)((YamlMappingNode)entry)["keywords"]).Children, Has.Count.EqualTo(3));
        Assert.That(((YamlMappingNode)entry).Children.Keys.Select(key => ((YamlScalarNode)key).Value), Is.Ordered.Using((IComparer<string?>)StringComparer.Ordinal), "keys sorted, as helm writes them");
    }

    [Test]
    public void Versions_are_listed_newest_SemVer_first_whatever_order_they_were_added_in()
    {
        var index = HelmIndex.Empty("index.yaml");
        foreach (var version in new[] { "1.2.3", "1.10.0", "1.3.0-rc.1", "1.3.0", "0.9.0" })
        {
            index.Add(Entry(version), force: false);
        }

        var reread = HelmIndex.Parse(index.ToYaml(), "index.yaml");

        Assert.That(reread.Versions("rds-csi-sample").Select(entry => entry.Version), Is.EqualTo(new[] { "1.10.0", "1.3.0", "1.3.0-rc.1", "1.2.3", "0.9.0" }));
    }

    [Test]
    public void The_same_version_with_the_same_digest_changes_nothing_and_the_bytes_stay_identical()
    {
        var index = HelmIndex.Empty("index.yaml");
        index.Add(Entry("1.2.3"), force: false);
        var written = index.ToYaml();

        var again = HelmIndex.Parse(written, "index.yaml");

        Assert.That(again.Add(Entry("1.2.3"), force: false), Is.EqualTo(IndexChange.Unchanged));
        Assert.That(again.ToYaml(), Is.EqualTo(written));
    }

    [Test]
    public void The_same_version_with_another_digest_is_refused_naming_both_digests_and_force_and_replaced_with_force()
    {
        var index = HelmIndex.Empty("gh-pages/index.yaml");
        var first = Entry("1.2.3");
        index.Add(first, force: false);
        var other = Entry("1.2.3", HelmCharts.CommitTime.AddHours(1));

        var refusal = Assert.Throws<HelmRepositoryException>(() => index.Add(other, force: false))!;

        Assert.That(refusal.Message, Does.Contain("gh-pages/index.yaml already has rds-csi-sample 1.2.3").And.Contain(first.Digest).And.Contain(other.Digest).And.Contain("--force"));
        Assert.That(index.Find("rds-csi-sample", "1.2.3")!.Digest, Is.EqualTo(first.Digest), "the entry is kept");
        Assert.That(index.Add(other, force: true), Is.EqualTo(IndexChange.Replaced));
        Assert.That(index.Find("rds-csi-sample", "1.2.3")!.Digest, Is.EqualTo(other.Digest));
    }

    [Test]
    public void Existing_entries_other_charts_and_root_keys_of_an_index_made_elsewhere_are_kept_as_they_were()
    {
        const string existing = """
            apiVersion: v1
            entries:
              other-chart:
              - apiVersion: v2
                created: "2025-01-01T00:00:00.123456789+01:00"
                digest: abc
                name: other-chart
                urls:
                - https://example.com/other-chart-0.1.0.tgz
                version: 0.1.0
                x-unknown: kept
            generated: "2025-01-01T00:00:00Z"
            serverInfo:
              contextPath: /v2
            """;
        var index = HelmIndex.Parse(existing, "index.yaml");

        index.Add(Entry("1.2.3"), force: false);
        var root = Root(index.ToYaml());

        var other = ((YamlSequenceNode)((YamlMappingNode)root["entries"])["other-chart"])[0];
        Assert.That(Scalar(other, "created"), Is.EqualTo("2025-01-01T00:00:00.123456789+01:00"));
        Assert.That(Scalar(other, "x-unknown"), Is.EqualTo("kept"));
        Assert.That(Scalar(((YamlMappingNode)root["serverInfo"]), "contextPath"), Is.EqualTo("/v2"));
        Assert.That(Scalar(root, "generated"), Is.EqualTo("2026-03-04T05:06:07Z"));
        Assert.That(((YamlMappingNode)root["entries"]).Children.Keys.Select(key => ((YamlScalarNode)key).Value), Is.EqualTo(new[] { "other-chart", "rds-csi-sample" }));
    }

    [Test]
    public void Generated_never_goes_back_when_an_older_version_is_added_later()
    {
        var index = HelmIndex.Empty("index.yaml");
        index.Add(Entry("1.3.0", HelmCharts.CommitTime.AddDays(1)), force: false);
        index.Add(Entry("1.2.3"), force: false);

        Assert.That(index.Generated, Is.EqualTo("2026-03-05T05:06:07Z"));
    }

    [TestCase("apiVersion: v2\nentries: {}\n", "apiVersion 'v2'")]
    [TestCase("entries: {}\n", "has no apiVersion")]
    [TestCase("apiVersion: v1\nentries:\n  x: 3\n", "entries.x (line 3) is not a list")]
    [TestCase("apiVersion: v1\nentries: [\n", "is not valid YAML")]
    [TestCase("- a\n", "holds no mapping")]
    public void An_index_that_is_not_a_Helm_repository_index_is_refused_naming_the_file(string yaml, string problem)
    {
        var refusal = Assert.Throws<HelmRepositoryException>(() => HelmIndex.Parse(yaml, "site/index.yaml"))!;

        Assert.That(refusal.Message, Does.Contain("site/index.yaml").And.Contain(problem));
    }

    [TestCase("1.10", "\"1.10\"")]
    [TestCase("true", "\"true\"")]
    [TestCase("1.2.3", "1.2.3")]
    [TestCase("2026-03-04T05:06:07Z", "\"2026-03-04T05:06:07Z\"")]
    [TestCase("rds-csi", "rds-csi")]
    public void A_string_that_YAML_would_read_as_another_type_is_quoted(string value, string written)
    {
        var index = HelmIndex.Parse($"apiVersion: v1\ngenerated: {written}\n", "index.yaml");
        var reread = HelmIndex.Parse(index.ToYaml(), "index.yaml");

        Assert.That(reread.Generated, Is.EqualTo(value));
        Assert.That(HelmIndexEntry.Text(value).Style, Is.EqualTo(written.StartsWith('"') ? YamlDotNet.Core.ScalarStyle.DoubleQuoted : YamlDotNet.Core.ScalarStyle.Plain));
    }
}
