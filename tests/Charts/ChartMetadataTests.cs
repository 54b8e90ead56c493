using Build.Charts;
using Build.Tests.Support;

namespace Build.Tests.Charts;

public sealed class ChartMetadataTests
{
    [Test]
    public void The_sample_chart_reads_every_field()
    {
        var chart = ChartMetadata.Load(ChartFixtures.SampleChart);

        Assert.That(chart.ApiVersion, Is.EqualTo("v2"));
        Assert.That(chart.Name, Is.EqualTo("rds-csi-sample"));
        Assert.That(chart.Version, Is.EqualTo("0.3.1"));
        Assert.That(chart.AppVersion, Is.EqualTo("0.3.1"));
        Assert.That(chart.Description, Is.EqualTo("A sample CSI driver chart for MikroTik RDS (test fixture)"));
        Assert.That(chart.Type, Is.EqualTo("application"));
        Assert.That(chart.KubeVersion, Is.EqualTo(">=1.26.0-0"));
        Assert.That(chart.Home, Is.EqualTo("https://github.com/3whiskeywhiskey/rds-csi"));
        Assert.That(chart.Sources, Is.EqualTo(new[] { "https://github.com/3whiskeywhiskey/rds-csi" }));
        Assert.That(chart.Keywords, Is.EqualTo(new[] { "csi", "storage", "mikrotik" }));
        Assert.That(chart.Maintainers, Is.EqualTo(new[] { new ChartMaintainer("3WhiskeyWhiskey", null, "https://github.com/3whiskeywhiskey") }));
        Assert.That(chart.Annotations, Is.EqualTo(new Dictionary<string, string> { ["artifacthub.io/license"] = "Apache-2.0" }));
        Assert.That(chart.Dependencies, Is.Empty);
        Assert.That(chart.Deprecated, Is.False);
        Assert.That(chart.ArchiveFileName, Is.EqualTo("rds-csi-sample-0.3.1.tgz"));
    }

    [Test]
    public void A_number_like_appVersion_keeps_its_text_and_build_metadata_becomes_an_underscore_in_the_tag()
    {
        var chart = ChartMetadata.Parse("apiVersion: v2\nname: x\nversion: 1.2.3+build.7\nappVersion: 1.10\ndeprecated: true\n", "Chart.yaml");

        Assert.That(chart.AppVersion, Is.EqualTo("1.10"));
        Assert.That(chart.OciTag, Is.EqualTo("1.2.3_build.7"));
        Assert.That(chart.ArchiveFileName, Is.EqualTo("x-1.2.3+build.7.tgz"));
        Assert.That(chart.Deprecated, Is.True);
    }

    [Test]
    public void A_missing_Chart_yaml_names_the_path_and_a_missing_directory_says_so()
    {
        using var directory = new TempDirectory();

        var noFile = Assert.Throws<ChartException>(() => ChartMetadata.Load(directory.Path));
        var noDirectory = Assert.Throws<ChartException>(() => ChartMetadata.Load(directory.Combine("nowhere")));

        Assert.That(noFile.Message, Does.Contain(Path.Combine(directory.Path, "Chart.yaml") + " does not exist"));
        Assert.That(noDirectory.Message, Does.Contain("chart directory").And.Contain("nowhere").And.Contain("does not exist"));
    }

    [Test]
    public void Text_that_is_not_YAML_names_the_file_and_the_line()
    {
        var error = Assert.Throws<ChartException>(() => ChartMetadata.Parse("apiVersion: v2\nname: x\n version: 1\n", "/c/Chart.yaml"));

        Assert.That(error.Message, Does.StartWith("/c/Chart.yaml is not valid YAML (line 3"));
    }

    [TestCase("- a\n- b\n", "holds no mapping")]
    [TestCase("apiVersion: v2\nversion: 1.0.0\n", "has no name")]
    [TestCase("name: x\n", "has no apiVersion, version")]
    [TestCase("apiVersion: v2\nname: x\nversion: 1.0\n", "version '1.0' is not a SemVer 2 version")]
    [TestCase("apiVersion: v2\nname: ../x\nversion: 1.0.0\n", "is not a file name")]
    [TestCase("apiVersion: v2\nname: x\nversion: 1.0.0\nsources: https://x\n", "sources (line 4) must be a list")]
    [TestCase("apiVersion: v2\nname: x\nversion: 1.0.0\ndescription:\n  a: b\n", "description (line 5) must be a single value")]
    public void A_Chart_yaml_helm_would_refuse_says_what_is_wrong(string yaml, string reason)
    {
        var error = Assert.Throws<ChartException>(() => ChartMetadata.Parse(yaml, "Chart.yaml"));

        Assert.That(error.Message, Does.StartWith("Chart.yaml").And.Contain(reason));
    }
}
