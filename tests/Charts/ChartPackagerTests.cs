using System.Security.Cryptography;
using System.Text;
using Build.Charts;
using Build.Tests.Support;

namespace Build.Tests.Charts;

/// <summary>The packager on the sample chart, its archives checked with the real tar and gzip commands.</summary>
public sealed class ChartPackagerTests
{
    private static readonly DateTimeOffset CommitTime = new(2026, 3, 14, 15, 9, 26, TimeSpan.Zero);

    // What helm package puts in the archive for the sample chart: Chart.yaml, values.yaml, values.schema.json, the
    // templates in walk order, then the other files; not TODO (/TODO), ci/ (ci/), files/cache.tmp (*.tmp),
    // .helmignore (named in itself), templates/.scratch.yaml (helm's default rule).
    private static readonly string[] SampleEntries =
    [
        "rds-csi-sample/Chart.yaml",
        "rds-csi-sample/values.yaml",
        "rds-csi-sample/values.schema.json",
        "rds-csi-sample/templates/NOTES.txt",
        "rds-csi-sample/templates/_helpers.tpl",
        "rds-csi-sample/templates/controller/deployment.yaml",
        "rds-csi-sample/templates/controller/serviceaccount.yaml",
        "rds-csi-sample/templates/node-daemonset.yaml",
        "rds-csi-sample/README.md",
        "rds-csi-sample/files/TODO",
        "rds-csi-sample/files/config/driver.conf",
    ];

    private static ProcessResult Tool(string fileName, params string[] arguments)
    {
        var result = Run.Process(fileName, arguments, environment: new Dictionary<string, string?> { ["TZ"] = "UTC", ["LC_ALL"] = "C" });
        Assert.That(result.ExitCode, Is.Zero, result.ToString);
        return result;
    }

    /// <summary>sha256sum of the sample chart's package at <see cref="CommitTime"/>, measured once and pinned.</summary>
    private const string GoldenSampleSha256 = "ef1f0356d6ba26ea722a6bc5c5c8e7abed6f3a599e12bc045f02a435d41b461b";

    [Test]
    public void The_sample_chart_packages_to_the_pinned_SHA_256_on_every_machine_and_runtime()
    {
        using var output = new TempDirectory();
        var package = ChartPackager.Package(ChartFixtures.SampleChart, output.Path, CommitTime);

        var measured = Tool("sha256sum", package.Path).Output.Split(' ')[0];

        Assert.That(
            measured,
            Is.EqualTo(GoldenSampleSha256),
            "The bytes of the chart package changed: releases of the same commit no longer reproduce across machines or runtimes. " +
            "If the change is intended (the packager, the sample chart under tests/fixtures/charts, or the gzip/tar layout changed on purpose), " +
            "check that the archive still matches helm's (ChartPackagerTests) and pin the new value " + measured + " here, saying why in the commit. " +
            "If nothing was meant to change, the runtime's compression (System.IO.Compression's zlib) or the checkout (line endings: see .gitattributes) differs: fix that instead.");
        Assert.That(package.Digest, Is.EqualTo("sha256:" + measured), "the digest the build records is the file's");
    }

    [Test]
    public void Packaging_twice_gives_the_same_bytes_named_as_helm_names_the_archive()
    {
        using var output = new TempDirectory();

        var first = ChartPackager.Package(ChartFixtures.SampleChart, output.Combine("one"), CommitTime);
        var second = ChartPackager.Package(ChartFixtures.SampleChart, output.Combine("two"), CommitTime);

        Assert.That(Path.GetFileName(first.Path), Is.EqualTo("rds-csi-sample-0.3.1.tgz"));
        Assert.That((first.Name, first.Version), Is.EqualTo(("rds-csi-sample", "0.3.1")));
        Assert.That(File.ReadAllBytes(second.Path), Is.EqualTo(File.ReadAllBytes(first.Path)));
        Assert.That(first.Digest, Is.EqualTo("sha256:" + Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(first.Path)))));
        Assert.That(second.Digest, Is.EqualTo(first.Digest));
        Assert.That(File.GetLastWriteTimeUtc(first.Path), Is.EqualTo(CommitTime.UtcDateTime), "helm push reads the creation time from it");
    }

    [Test]
    public void A_copy_whose_files_have_new_modification_times_packages_to_the_same_bytes()
    {
        using var work = new TempDirectory();
        var copy = ChartFixtures.CopySampleChart(work.Path);
        foreach (var (file, index) in Directory.EnumerateFiles(copy, "*", SearchOption.AllDirectories).Select((file, index) => (file, index)))
        {
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddMinutes(-index));
        }

        var original = ChartPackager.Package(ChartFixtures.SampleChart, work.Combine("original"), CommitTime);
        var touched = ChartPackager.Package(copy, work.Combine("touched"), CommitTime);

        Assert.That(File.ReadAllBytes(touched.Path), Is.EqualTo(File.ReadAllBytes(original.Path)));
    }

    [Test]
    public void Tar_lists_Chart_yaml_first_and_none_of_the_ignored_files()
    {
        using var output = new TempDirectory();
        var package = ChartPackager.Package(ChartFixtures.SampleChart, output.Path, CommitTime);

        var listed = Tool("tar", "tzf", package.Path).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.That(listed, Is.EqualTo(SampleEntries));
        Assert.That(package.Entries, Is.EqualTo(SampleEntries));
    }

    [Test]
    public void Every_entry_is_a_0644_file_of_root_with_the_given_time()
    {
        using var output = new TempDirectory();
        var package = ChartPackager.Package(ChartFixtures.SampleChart, output.Path, CommitTime);

        var lines = Tool("tar", "--numeric-owner", "--full-time", "-tvzf", package.Path).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.That(lines, Has.Length.EqualTo(SampleEntries.Length));
        Assert.That(lines, Is.All.Match(@"^-rw-r--r-- 0/0 +\d+ 2026-03-14 15:09:26 rds-csi-sample/"));
    }

    [Test]
    public void Tar_extracts_files_identical_to_the_chart_and_gzip_checks_the_archive()
    {
        using var output = new TempDirectory();
        var package = ChartPackager.Package(ChartFixtures.SampleChart, output.Path, CommitTime);
        var extracted = output.Combine("extracted");
        Directory.CreateDirectory(extracted);

        Tool("gzip", "-t", package.Path);
        Tool("tar", "xzf", package.Path, "-C", extracted);

        foreach (var entry in SampleEntries)
        {
            var relative = entry["rds-csi-sample/".Length..];
            Assert.That(File.ReadAllBytes(Path.Combine(extracted, entry)), Is.EqualTo(File.ReadAllBytes(Path.Combine(ChartFixtures.SampleChart, relative))), relative);
        }

        Assert.That(Directory.EnumerateFiles(extracted, "*", SearchOption.AllDirectories).Count(), Is.EqualTo(SampleEntries.Length));
    }

    [Test]
    public void The_gzip_header_has_no_time_no_name_and_an_unknown_OS()
    {
        using var output = new TempDirectory();
        var bytes = File.ReadAllBytes(ChartPackager.Package(ChartFixtures.SampleChart, output.Path, CommitTime).Path);

        Assert.That(bytes[..4], Is.EqualTo(new byte[] { 0x1f, 0x8b, 8, 0 }), "deflate, no flags (no name, comment or extra field)");
        Assert.That(bytes[4..8], Is.EqualTo(new byte[4]), "no modification time");
        Assert.That(bytes[9], Is.EqualTo(0xff));
    }

    [Test]
    public void Another_modification_time_gives_other_bytes()
    {
        using var output = new TempDirectory();

        var first = ChartPackager.Package(ChartFixtures.SampleChart, output.Combine("a"), CommitTime);
        var later = ChartPackager.Package(ChartFixtures.SampleChart, output.Combine("b"), CommitTime.AddSeconds(1));

        Assert.That(later.Digest, Is.Not.EqualTo(first.Digest));
    }

    [Test]
    public void Helmignore_globs_directories_rooted_rules_and_negation_decide_what_is_packaged()
    {
        using var work = new TempDirectory();
        var chart = work.Combine("demo");
        work.Write("demo/Chart.yaml", "apiVersion: v2\nname: demo\nversion: 1.0.0\n");
        work.Write("demo/values.yaml", "a: 1\n");
        work.Write("demo/templates/cm.yaml", "kind: ConfigMap\n");
        work.Write("demo/templates/cm.yaml.swp", "swap\n");
        work.Write("demo/docs/guide.md", "guide\n");
        work.Write("demo/docs/img/logo.png", "png\n");
        work.Write("demo/build/out.txt", "out\n");
        work.Write("demo/sub/build", "a file named build\n");
        work.Write("demo/NOTES.md", "top\n");
        work.Write("demo/sub/NOTES.md", "nested\n");

        work.Write("demo/.helmignore", "*.swp\nbuild/\n/NOTES.md\ndocs/img\n");
        var globs = ChartPackager.Package(chart, work.Combine("out1"), CommitTime).Entries;
        work.Write("demo/.helmignore", "!*.yaml\n");
        var negation = Assert.Throws<ChartException>(() => ChartPackager.Package(chart, work.Combine("out2"), CommitTime))!;

        Assert.That(globs, Is.EqualTo(new[]
        {
            "demo/Chart.yaml", "demo/values.yaml", "demo/templates/cm.yaml", "demo/.helmignore", "demo/docs/guide.md", "demo/sub/NOTES.md", "demo/sub/build",
        }));
        Assert.That(negation.Message, Does.Contain("excludes every file in"), "helm's !rule ignores every path it does not match, the templates/ folder too: a chart that would install nothing");
    }

    [Test]
    public void Version_appVersion_and_values_are_set_in_the_packaged_copy_only()
    {
        using var output = new TempDirectory();
        const string digest = "sha256:abababababababababababababababababababababababababababababababab";
        var options = new ChartPackageOptions
        {
            Version = "1.2.3-rc.1",
            AppVersion = "1.2.3-rc.1",
            Values = [(["image", "tag"], "v1.2.3-rc.1"), (["image", "digest"], digest)],
        };

        var package = ChartPackager.Package(ChartFixtures.SampleChart, output.Path, CommitTime, options);
        Tool("tar", "xzf", package.Path, "-C", output.Path);

        Assert.That(Path.GetFileName(package.Path), Is.EqualTo("rds-csi-sample-1.2.3-rc.1.tgz"));
        Assert.That((package.Version, package.Metadata.AppVersion), Is.EqualTo(("1.2.3-rc.1", "1.2.3-rc.1")));
        var chartYaml = ChartFixtures.Read("rds-csi-sample/Chart.yaml");
        var valuesYaml = ChartFixtures.Read("rds-csi-sample/values.yaml");
        Assert.That(File.ReadAllText(output.Combine("rds-csi-sample", "Chart.yaml")), Is.EqualTo(chartYaml.Replace("version: 0.3.1", "version: 1.2.3-rc.1").Replace("appVersion: \"0.3.1\"", "appVersion: \"1.2.3-rc.1\"")));
        Assert.That(File.ReadAllText(output.Combine("rds-csi-sample", "values.yaml")), Is.EqualTo(valuesYaml.Replace("  tag: \"\"", "  tag: \"v1.2.3-rc.1\"").Replace("  digest: \"\"", $"  digest: \"{digest}\"")));
        Assert.That(ChartMetadata.Load(ChartFixtures.SampleChart).Version, Is.EqualTo("0.3.1"), "the chart directory is untouched");
    }

    [Test]
    public void An_appVersion_is_added_when_Chart_yaml_has_none()
    {
        using var work = new TempDirectory();
        work.Write("demo/Chart.yaml", "apiVersion: v2\nname: demo\nversion: 1.0.0");

        var package = ChartPackager.Package(work.Combine("demo"), work.Combine("out"), CommitTime, new ChartPackageOptions { AppVersion = "2.0" });

        Assert.That(package.Metadata.AppVersion, Is.EqualTo("2.0"));
        Tool("tar", "xzf", package.Path, "-C", work.Path);
        Assert.That(File.ReadAllText(work.Combine("demo", "Chart.yaml")), Is.EqualTo("apiVersion: v2\nname: demo\nversion: 1.0.0\nappVersion: \"2.0\"\n"));
    }

    [Test]
    public void A_byte_order_mark_is_dropped_as_helm_drops_it()
    {
        using var work = new TempDirectory();
        work.Write("demo/Chart.yaml", "apiVersion: v2\nname: demo\nversion: 1.0.0\n");
        File.WriteAllBytes(work.Combine("demo", "values.yaml"), [0xEF, 0xBB, 0xBF, .. "a: 1\n"u8]);

        var package = ChartPackager.Package(work.Combine("demo"), work.Combine("out"), CommitTime);
        Tool("tar", "xzf", package.Path, "-C", work.Combine("out"));

        Assert.That(File.ReadAllBytes(work.Combine("out", "demo", "values.yaml")), Is.EqualTo("a: 1\n"u8.ToArray()));
    }

    [Test]
    public void Subcharts_and_dependencies_are_refused_with_the_way_out()
    {
        using var work = new TempDirectory();
        work.Write("bundled/Chart.yaml", "apiVersion: v2\nname: bundled\nversion: 1.0.0\n");
        work.Write("bundled/charts/sub/Chart.yaml", "apiVersion: v2\nname: sub\nversion: 1.0.0\n");
        work.Write("listed/Chart.yaml", "apiVersion: v2\nname: listed\nversion: 1.0.0\ndependencies:\n  - name: redis\n    version: 1.x\n    repository: https://charts.example.invalid\n");

        var bundled = Assert.Throws<ChartException>(() => ChartPackager.Package(work.Combine("bundled"), work.Combine("out"), CommitTime));
        var listed = Assert.Throws<ChartException>(() => ChartPackager.Package(work.Combine("listed"), work.Combine("out"), CommitTime));

        Assert.That(bundled.Message, Does.Contain("charts/sub/Chart.yaml is a subchart").And.Contain("helm package"));
        Assert.That(listed.Message, Does.Contain("Chart.yaml lists dependencies (redis)"));
        Assert.That(Directory.Exists(work.Combine("out")), Is.False);
    }

    [Test]
    public void A_chart_without_Chart_yaml_or_with_an_invalid_schema_is_refused()
    {
        using var work = new TempDirectory();
        work.Write("empty/values.yaml", "a: 1\n");
        work.Write("schema/Chart.yaml", "apiVersion: v2\nname: schema\nversion: 1.0.0\n");
        work.Write("schema/values.schema.json", "{ \"type\": ");

        var empty = Assert.Throws<ChartException>(() => ChartPackager.Package(work.Combine("empty"), work.Combine("out"), CommitTime));
        var schema = Assert.Throws<ChartException>(() => ChartPackager.Package(work.Combine("schema"), work.Combine("out"), CommitTime));

        Assert.That(empty.Message, Does.Contain(Path.Combine(work.Path, "empty", "Chart.yaml")).And.Contain("does not exist"));
        Assert.That(schema.Message, Does.Contain("values.schema.json is not valid JSON"));
    }

    [Test]
    public void A_path_too_long_for_ustar_is_refused_by_name()
    {
        using var work = new TempDirectory();
        var longName = new string('x', 120) + ".yaml";
        work.Write("demo/Chart.yaml", "apiVersion: v2\nname: demo\nversion: 1.0.0\n");
        work.Write($"demo/templates/{longName}", "kind: x\n");

        var error = Assert.Throws<ChartException>(() => ChartPackager.Package(work.Combine("demo"), work.Combine("out"), CommitTime));

        Assert.That(error.Message, Does.Contain(longName).And.Contain("too long"));
    }

    [Test]
    public void A_long_path_that_splits_at_a_slash_is_packaged_and_tar_reads_it()
    {
        using var work = new TempDirectory();
        var deep = string.Join('/', Enumerable.Repeat("folder", 16)) + "/file.txt";
        work.Write("demo/Chart.yaml", "apiVersion: v2\nname: demo\nversion: 1.0.0\n");
        work.Write($"demo/{deep}", "deep\n");

        var package = ChartPackager.Package(work.Combine("demo"), work.Combine("out"), CommitTime);

        Assert.That(Encoding.UTF8.GetByteCount("demo/" + deep), Is.GreaterThan(100));
        Assert.That(Tool("tar", "tzf", package.Path).Output, Does.Contain("demo/" + deep + "\n"));
    }
}
