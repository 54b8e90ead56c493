using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Build.Charts;

namespace Build.Tests.Charts;

/// <summary>OciChartPusher's offline rules: where a chart goes, helm's config JSON and annotations, and reading an archive's files.</summary>
public sealed class OciChartPusherRulesTests
{
    private static readonly DateTimeOffset Created = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [TestCase("3whiskeywhiskey/rds-csi", "3whiskeywhiskey")]
    [TestCase("acme/team/rds-csi", "acme/team")]
    [TestCase("rds-csi", "rds-csi")]
    public void The_chart_namespace_is_the_image_repositorys_parent(string imageRepository, string expected)
    {
        Assert.That(OciChartPusher.NamespaceOf(imageRepository), Is.EqualTo(expected));
    }

    [TestCase("/acme/charts/", "demo", "1.0.0+build.1", "acme/charts/demo", "1.0.0_build.1")]
    [TestCase("", "demo", "1.0.0", "demo", "1.0.0")]
    [TestCase("a--b/c__d/e.f", "x_y", "2.0.0-rc.1", "a--b/c__d/e.f/x_y", "2.0.0-rc.1")]
    public void A_chart_goes_to_namespace_slash_name_tagged_with_its_version_without_plus(string @namespace, string name, string version, string repository, string tag)
    {
        Assert.That(OciChartPusher.Location(@namespace, name, version), Is.EqualTo((repository, tag)));
    }

    [TestCase("Acme", "demo", "'Acme/demo'")]
    [TestCase("acme..x", "demo", "'acme..x/demo'")]
    [TestCase("acme", "-demo", "'acme/-demo'")]
    public void A_location_that_cannot_be_an_OCI_repository_is_refused_with_an_example(string @namespace, string name, string quoted)
    {
        var error = Assert.Throws<ChartException>(() => OciChartPusher.Location(@namespace, name, "1.0.0"));

        Assert.That(error!.Message, Is.EqualTo($"{quoted} cannot be an OCI repository: the namespace and the chart name must be lowercase letters, digits and . _ - separators (e.g. 3whiskeywhiskey/charts/rds-csi-driver)."));
    }

    [Test]
    public void The_config_has_every_field_in_helms_struct_order_and_leaves_empty_ones_out()
    {
        var metadata = ChartMetadata.Parse(
            """
            type: application
            kubeVersion: ">=1.26.0-0"
            annotations:
              b: "2"
              a: "1"
            deprecated: true
            appVersion: "1.10"
            tags: storage
            condition: demo.enabled
            apiVersion: v2
            icon: https://x/icon.png
            maintainers:
              - name: Ann
                url: https://ann
            keywords: [csi, "tab\there"]
            description: A demo
            version: 1.0.0
            sources: [https://src]
            home: https://home
            name: demo
            """,
            "Chart.yaml");

        var config = Encoding.UTF8.GetString(OciChartPusher.ConfigJson(metadata));

        Assert.That(config, Is.EqualTo(
            "{\"name\":\"demo\",\"home\":\"https://home\",\"sources\":[\"https://src\"],\"version\":\"1.0.0\",\"description\":\"A demo\"," +
            "\"keywords\":[\"csi\",\"tab here\"],\"maintainers\":[{\"name\":\"Ann\",\"url\":\"https://ann\"}],\"icon\":\"https://x/icon.png\"," +
            "\"apiVersion\":\"v2\",\"condition\":\"demo.enabled\",\"tags\":\"storage\",\"appVersion\":\"1.10\",\"deprecated\":true," +
            "\"annotations\":{\"a\":\"1\",\"b\":\"2\"},\"kubeVersion\":\"\\u003e=1.26.0-0\",\"type\":\"application\"}"));
        Assert.That(System.Text.Json.JsonDocument.Parse(config).RootElement.GetProperty("kubeVersion").GetString(), Is.EqualTo(">=1.26.0-0"));
    }

    [Test]
    public void A_minimal_chart_has_only_name_version_and_apiVersion_in_its_config()
    {
        var metadata = ChartMetadata.Parse("apiVersion: v2\nname: demo\nversion: 1.0.0\ndeprecated: false\n", "Chart.yaml");

        Assert.That(Encoding.UTF8.GetString(OciChartPusher.ConfigJson(metadata)), Is.EqualTo("{\"name\":\"demo\",\"version\":\"1.0.0\",\"apiVersion\":\"v2\"}"));
    }

    [Test]
    public void The_annotations_name_the_home_the_first_source_and_each_author_with_an_email_when_given()
    {
        var metadata = ChartMetadata.Parse(
            "apiVersion: v2\nname: demo\nversion: 1.0.0\ndescription: \"  \"\nhome: https://home\nsources: [https://one, https://two]\nmaintainers:\n  - email: x@y\n  - name: Bob\n    email: \"\"\n",
            "Chart.yaml");

        var annotations = OciChartPusher.Annotations(metadata, Created);

        Assert.That(annotations, Is.EqualTo(new Dictionary<string, string>
        {
            ["org.opencontainers.image.title"] = "demo",
            ["org.opencontainers.image.version"] = "1.0.0",
            ["org.opencontainers.image.url"] = "https://home",
            ["org.opencontainers.image.created"] = "2026-01-02T03:04:05Z",
            ["org.opencontainers.image.source"] = "https://one",
            ["org.opencontainers.image.authors"] = " (x@y), Bob",
        }));
    }

    [Test]
    public void A_chart_without_sources_or_maintainers_has_no_source_or_authors_annotation()
    {
        var annotations = OciChartPusher.Annotations(ChartMetadata.Parse("apiVersion: v2\nname: demo\nversion: 1.0.0\n", "Chart.yaml"), Created);

        Assert.That(annotations.Keys, Is.EquivalentTo(new[] { "org.opencontainers.image.title", "org.opencontainers.image.version", "org.opencontainers.image.created" }));
    }

    [Test]
    public void A_file_is_read_from_the_charts_top_folder_only()
    {
        var archive = Archive(
            ("demo/templates", null),
            ("values.yaml", "top"),
            ("demo/charts/sub/values.yaml", "nested"),
            ("demo/values.yaml", "a: 1\n"));

        Assert.That(OciChartPusher.ReadFile(archive, "values.yaml"), Is.EqualTo("a: 1\n"));
        Assert.That(OciChartPusher.ReadFile(archive, "templates"), Is.Null, "a folder is not a file");
        Assert.That(OciChartPusher.ReadFile(archive, "README.md"), Is.Null);
    }

    [Test]
    public void Chart_yaml_is_read_from_the_charts_top_folder_and_named_in_messages()
    {
        var archive = Archive(("demo/charts/sub/Chart.yaml", "apiVersion: v2\nname: sub\nversion: 9.9.9\n"), ("demo/Chart.yaml", "apiVersion: v2\nname: demo\n"));

        var error = Assert.Throws<ChartException>(() => OciChartPusher.ReadMetadata(archive, "demo.tgz"));

        Assert.That(error!.Message, Does.StartWith("demo.tgz (demo/Chart.yaml) has no version"));
    }

    [Test]
    public void A_gzip_file_that_holds_no_tar_is_not_a_chart_archive()
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.ASCII.GetBytes(new string('x', 1024)));
        }

        var error = Assert.Throws<ChartException>(() => OciChartPusher.ReadMetadata(output.ToArray(), "demo.tgz"));

        Assert.That(error!.Message, Does.StartWith("demo.tgz is not a chart archive (a gzip'd tar as helm package writes): "));
    }

    private static byte[] Archive(params (string Name, string? Text)[] entries)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.NoCompression, leaveOpen: true))
        using (var tar = new TarWriter(gzip))
        {
            foreach (var (name, text) in entries)
            {
                tar.WriteEntry(text is null
                    ? new PaxTarEntry(TarEntryType.Directory, name)
                    : new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)) });
            }
        }

        return output.ToArray();
    }
}
