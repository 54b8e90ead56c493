using Build.Charts;
using Build.Tests.Support;

namespace Build.Tests.Charts;

/// <summary>The packager's refusals and the order and contents of entries, on small charts written for each test.</summary>
public sealed class ChartPackagerRulesTests
{
    private static readonly DateTimeOffset CommitTime = new(2026, 3, 14, 15, 9, 26, TimeSpan.Zero);

    [Test]
    public void Chart_lock_values_and_schema_follow_Chart_yaml_then_templates_then_the_rest_in_walk_order()
    {
        using var work = new TempDirectory();
        foreach (var file in new[] { "a.txt", "Chart.lock", "templates/b.yaml", "values.schema.json", "templates/a.yaml", "values.yaml", "z/templates/x.yaml" })
        {
            work.Write($"demo/{file}", file.EndsWith(".json", StringComparison.Ordinal) ? "{}" : "a: 1\n");
        }

        work.Write("demo/Chart.yaml", "apiVersion: v2\nname: demo\nversion: 1.0.0\n");

        var package = ChartPackager.Package(work.Combine("demo"), work.Combine("out"), CommitTime);

        Assert.That(package.Entries, Is.EqualTo(new[]
        {
            "demo/Chart.yaml", "demo/Chart.lock", "demo/values.yaml", "demo/values.schema.json", "demo/templates/a.yaml", "demo/templates/b.yaml", "demo/a.txt", "demo/z/templates/x.yaml",
        }));
        var listed = Run.Process("tar", ["tzf", package.Path]);
        Assert.That(listed.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(package.Entries), "tar lists the same entries in the same order");
    }

    [Test]
    public void A_time_before_1970_is_refused()
    {
        using var work = new TempDirectory();
        work.Write("demo/Chart.yaml", "apiVersion: v2\nname: demo\nversion: 1.0.0\n");

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ChartPackager.Package(work.Combine("demo"), work.Combine("out"), new DateTimeOffset(1969, 12, 31, 23, 59, 59, TimeSpan.Zero)));

        Assert.That(error!.ParamName, Is.EqualTo("modificationTime"));
        Assert.That(ChartPackager.Package(work.Combine("demo"), work.Combine("out"), DateTimeOffset.UnixEpoch).Entries, Has.Count.EqualTo(1), "1970-01-01 itself is a tar time");
    }

    [Test]
    public void Values_to_set_in_a_chart_without_values_yaml_are_refused_naming_the_first_key()
    {
        using var work = new TempDirectory();
        work.Write("demo/Chart.yaml", "apiVersion: v2\nname: demo\nversion: 1.0.0\n");

        var error = Assert.Throws<ChartException>(() => ChartPackager.Package(work.Combine("demo"), work.Combine("out"), CommitTime, new ChartPackageOptions { Values = [(["image", "digest"], "x")] }));

        Assert.That(error!.Message, Is.EqualTo($"{work.Combine("demo")} has no values.yaml to set image.digest in."));
    }

    [Test]
    public void A_helmignore_that_drops_every_template_is_refused()
    {
        using var work = new TempDirectory();
        work.Write("demo/Chart.yaml", "apiVersion: v2\nname: demo\nversion: 1.0.0\n");
        work.Write("demo/templates/sub/a.yaml", "a: 1\n");
        work.Write("demo/.helmignore", "*.yaml\n!Chart.yaml\n");

        var error = Assert.Throws<ChartException>(() => ChartPackager.Package(work.Combine("demo"), work.Combine("out"), CommitTime));

        Assert.That(error!.Message, Does.StartWith($"{work.Combine("demo", ".helmignore")} excludes every file in {work.Combine("demo", "templates")}: the packaged chart would install nothing."));
    }

    [Test]
    public void A_chart_with_an_empty_templates_folder_is_packaged()
    {
        using var work = new TempDirectory();
        work.Write("demo/Chart.yaml", "apiVersion: v2\nname: demo\nversion: 1.0.0\n");
        Directory.CreateDirectory(work.Combine("demo", "templates"));

        Assert.That(ChartPackager.Package(work.Combine("demo"), work.Combine("out"), CommitTime).Entries, Is.EqualTo(new[] { "demo/Chart.yaml" }));
    }

    [Test]
    public void A_Chart_yaml_that_is_not_UTF8_is_refused_naming_it()
    {
        using var work = new TempDirectory();
        Directory.CreateDirectory(work.Combine("demo"));
        File.WriteAllBytes(work.Combine("demo", "Chart.yaml"), [.. "apiVersion: v2\nname: demo\nversion: 1.0.0\ndescription: caf"u8, 0xE9, (byte)'\n']);

        var error = Assert.Throws<ChartException>(() => ChartPackager.Package(work.Combine("demo"), work.Combine("out"), CommitTime));

        Assert.That(error!.Message, Is.EqualTo($"{work.Combine("demo", "Chart.yaml")} is not UTF-8 text; save it as UTF-8."));
    }

    [Test]
    public void A_version_is_set_and_an_existing_appVersion_replaced_in_the_packaged_Chart_yaml()
    {
        using var work = new TempDirectory();
        work.Write("demo/Chart.yaml", "apiVersion: v2\nname: demo\nversion: 1.0.0   # set by the release\nappVersion: \"1.0\"\n");

        var package = ChartPackager.Package(work.Combine("demo"), work.Combine("out"), CommitTime, new ChartPackageOptions { Version = "2.0.0", AppVersion = "2.0" });

        Assert.That(OciChartPusher.ReadFile(File.ReadAllBytes(package.Path), "Chart.yaml"), Is.EqualTo("apiVersion: v2\nname: demo\nversion: 2.0.0   # set by the release\nappVersion: \"2.0\"\n"));
        Assert.That(package.Path, Does.EndWith("demo-2.0.0.tgz"));
    }
}
