using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Build.Charts;
using Build.Registry;
using Build.Tests.Support;

namespace Build.Tests.Charts;

/// <summary>The pusher against a real docker-registry process, checked with skopeo and plain HTTP.</summary>
public sealed class OciChartPusherTests
{
    private static readonly DateTimeOffset CommitTime = new(2026, 3, 14, 15, 9, 26, TimeSpan.Zero);

    // helm's chart.Metadata of the sample chart as Go's encoding/json writes it: struct order, empty fields left out,
    // '>' escaped as \u003e.
    private const string SampleConfig =
        "{\"name\":\"rds-csi-sample\",\"home\":\"https://github.com/3whiskeywhiskey/rds-csi\",\"sources\":[\"https://github.com/3whiskeywhiskey/rds-csi\"]," +
        "\"version\":\"0.3.1\",\"description\":\"A sample CSI driver chart for MikroTik RDS (test fixture)\",\"keywords\":[\"csi\",\"storage\",\"mikrotik\"]," +
        "\"maintainers\":[{\"name\":\"3WhiskeyWhiskey\",\"url\":\"https://github.com/3whiskeywhiskey\"}],\"apiVersion\":\"v2\",\"appVersion\":\"0.3.1\"," +
        "\"annotations\":{\"artifacthub.io/license\":\"Apache-2.0\"},\"kubeVersion\":\"\\u003e=1.26.0-0\",\"type\":\"application\"}";

    private RegistryProcess _registry = null!;
    private OciRegistryClient _client = null!;
    private TempDirectory _work = null!;
    private ChartPackage _package = null!;

    [OneTimeSetUp]
    public void StartRegistryAndPackage()
    {
        _registry = new RegistryProcess();
        _client = _registry.Client();
        _work = new TempDirectory("rdscsi-charts");
        _package = ChartPackager.Package(ChartFixtures.SampleChart, _work.Combine("packages"), CommitTime);
    }

    [OneTimeTearDown]
    public void StopRegistry()
    {
        _client.Dispose();
        _registry.Dispose();
        _work.Dispose();
    }

    [Test]
    public async Task A_pushed_chart_has_helms_media_types_and_its_layer_is_the_archive()
    {
        var result = await new OciChartPusher(_client).PushAsync(_package, "charts");

        var reference = $"{_registry.Address}/charts/rds-csi-sample:0.3.1";
        Assert.That(result.Reference, Is.EqualTo(reference));
        Assert.That((result.Repository, result.Tag), Is.EqualTo(("charts/rds-csi-sample", "0.3.1")));
        var raw = Skopeo.Raw(reference);
        Assert.That(Skopeo.Digest(reference), Is.EqualTo(result.Digest));
        using var manifest = JsonDocument.Parse(raw);
        var root = manifest.RootElement;
        Assert.That(root.EnumerateObject().Select(member => member.Name), Is.EqualTo(new[] { "schemaVersion", "config", "layers", "annotations" }), "helm writes no mediaType member");
        Assert.That(root.GetProperty("config").GetProperty("mediaType").GetString(), Is.EqualTo("application/vnd.cncf.helm.config.v1+json"));
        var layer = root.GetProperty("layers").EnumerateArray().Single();
        Assert.That(layer.GetProperty("mediaType").GetString(), Is.EqualTo("application/vnd.cncf.helm.chart.content.v1.tar+gzip"));
        Assert.That(layer.GetProperty("digest").GetString(), Is.EqualTo(_package.Digest));
        Assert.That(layer.GetProperty("size").GetInt64(), Is.EqualTo(new FileInfo(_package.Path).Length));

        using var http = new RegistryHttp(_registry.Address);
        Assert.That(http.Blob("charts/rds-csi-sample", _package.Digest), Is.EqualTo(File.ReadAllBytes(_package.Path)));
        var config = http.Blob("charts/rds-csi-sample", root.GetProperty("config").GetProperty("digest").GetString()!);
        Assert.That(Encoding.UTF8.GetString(config), Is.EqualTo(SampleConfig));
        Assert.That(result.ConfigDigest, Is.EqualTo(root.GetProperty("config").GetProperty("digest").GetString()));
    }

    [Test]
    public async Task The_annotations_are_the_ones_helm_derives_with_the_archive_time_as_created()
    {
        var result = await new OciChartPusher(_client).PushAsync(_package.Path, "annotated");

        using var manifest = JsonDocument.Parse(Skopeo.Raw(result.Reference));
        var annotations = manifest.RootElement.GetProperty("annotations").EnumerateObject().ToDictionary(member => member.Name, member => member.Value.GetString());
        Assert.That(annotations, Is.EqualTo(new Dictionary<string, string?>
        {
            ["artifacthub.io/license"] = "Apache-2.0",
            ["org.opencontainers.image.authors"] = "3WhiskeyWhiskey",
            ["org.opencontainers.image.created"] = "2026-03-14T15:09:26Z",
            ["org.opencontainers.image.description"] = "A sample CSI driver chart for MikroTik RDS (test fixture)",
            ["org.opencontainers.image.source"] = "https://github.com/3whiskeywhiskey/rds-csi",
            ["org.opencontainers.image.title"] = "rds-csi-sample",
            ["org.opencontainers.image.url"] = "https://github.com/3whiskeywhiskey/rds-csi",
            ["org.opencontainers.image.version"] = "0.3.1",
        }));
        Assert.That(annotations.Keys, Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal), "Go writes map keys sorted");
    }

    [Test]
    public async Task Pushing_the_same_archive_again_or_a_new_package_of_the_same_chart_gives_the_same_digest()
    {
        var pusher = new OciChartPusher(_client);
        var repackaged = ChartPackager.Package(ChartFixtures.SampleChart, _work.Combine("again"), CommitTime);

        var first = await pusher.PushAsync(_package, "repush");
        var second = await pusher.PushAsync(_package, "repush");
        var third = await pusher.PushAsync(repackaged, "repush");

        Assert.That(second.Digest, Is.EqualTo(first.Digest));
        Assert.That(third.Digest, Is.EqualTo(first.Digest));
        Assert.That(Skopeo.Tags($"{_registry.Address}/repush/rds-csi-sample"), Is.EqualTo(new[] { "0.3.1" }));
    }

    [Test]
    public async Task A_version_with_build_metadata_is_tagged_with_an_underscore()
    {
        var package = ChartPackager.Package(ChartFixtures.SampleChart, _work.Combine("build"), CommitTime, new ChartPackageOptions { Version = "0.3.1+build.5" });

        var result = await new OciChartPusher(_client).PushAsync(package, "/builds/");

        Assert.That(result.Reference, Is.EqualTo($"{_registry.Address}/builds/rds-csi-sample:0.3.1_build.5"));
        Assert.That(Skopeo.Tags($"{_registry.Address}/builds/rds-csi-sample"), Is.EqualTo(new[] { "0.3.1_build.5" }));
        using var manifest = JsonDocument.Parse(Skopeo.Raw(result.Reference));
        Assert.That(manifest.RootElement.GetProperty("annotations").GetProperty("org.opencontainers.image.version").GetString(), Is.EqualTo("0.3.1+build.5"));
    }

    [Test]
    public void The_config_is_helms_metadata_JSON()
    {
        Assert.That(Encoding.UTF8.GetString(OciChartPusher.ConfigJson(_package.Metadata)), Is.EqualTo(SampleConfig));
    }

    [Test]
    public void Chart_annotations_add_to_helms_but_do_not_replace_title_or_version_and_text_is_sanitized_as_helm_does()
    {
        var metadata = ChartMetadata.Parse(
            """
            apiVersion: v2
            name: demo
            version: 1.0.0
            description: |
              Two
              lines
            maintainers:
              - name: Zoë
                email: zoe@example.invalid
              - name: Bob
            annotations:
              org.opencontainers.image.title: other
              org.opencontainers.image.version: 9.9.9
              org.opencontainers.image.licenses: Apache-2.0
              note: "Grüße"
            """,
            "Chart.yaml");

        var annotations = OciChartPusher.Annotations(metadata, new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)));

        Assert.That(annotations["org.opencontainers.image.title"], Is.EqualTo("demo"));
        Assert.That(annotations["org.opencontainers.image.version"], Is.EqualTo("1.0.0"));
        Assert.That(annotations["org.opencontainers.image.licenses"], Is.EqualTo("Apache-2.0"));
        Assert.That(annotations["note"], Is.EqualTo("Gr\\u00fc\\u00dfe"));
        Assert.That(annotations["org.opencontainers.image.description"], Is.EqualTo("Two lines "));
        Assert.That(annotations["org.opencontainers.image.authors"], Is.EqualTo("Zo\\u00eb (zoe@example.invalid), Bob"));
        Assert.That(annotations["org.opencontainers.image.created"], Is.EqualTo("2026-01-02T01:04:05Z"));
        Assert.That(annotations.ContainsKey("org.opencontainers.image.url"), Is.False);
        Assert.That(Encoding.UTF8.GetString(OciChartPusher.ConfigJson(metadata)), Does.Contain("\"description\":\"Two lines \"").And.Contain("\"maintainers\":[{\"name\":\"Zoë\",\"email\":\"zoe@example.invalid\"},{\"name\":\"Bob\"}]"));
    }

    [Test]
    public async Task A_file_that_is_not_a_chart_archive_is_refused_before_anything_is_pushed()
    {
        var notGzip = _work.Write("not-a-chart.tgz", "plain text");
        var noChartYaml = _work.Combine("no-chart-yaml.tgz");
        using (var file = File.Create(noChartYaml))
        using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        using (var tar = new TarWriter(gzip))
        {
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "demo/values.yaml") { DataStream = new MemoryStream("a: 1\n"u8.ToArray()) });
        }

        var pusher = new OciChartPusher(_client);
        var first = await Assert.ThrowsAsync<ChartException>(() => pusher.PushAsync(notGzip, "refused"));
        var second = await Assert.ThrowsAsync<ChartException>(() => pusher.PushAsync(noChartYaml, "refused"));

        Assert.That(first!.Message, Does.Contain("not-a-chart.tgz is not a chart archive"));
        Assert.That(second!.Message, Does.Contain("no-chart-yaml.tgz has no NAME/Chart.yaml entry"));
    }

    [Test]
    public async Task A_namespace_that_cannot_be_a_repository_is_refused()
    {
        var error = await Assert.ThrowsAsync<ChartException>(() => new OciChartPusher(_client).PushAsync(_package, "3WhiskeyWhiskey/Charts"));

        Assert.That(error!.Message, Does.Contain("'3WhiskeyWhiskey/Charts/rds-csi-sample' cannot be an OCI repository"));
    }
}
