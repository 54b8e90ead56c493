using Build.HelmRepository;
using Build.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Build.Tests.HelmRepository;

public sealed class LocalHelmRepositoryTests
{
    private TempDirectory _temp = null!;

    private string Folder => _temp.Combine("artifacts", "helm-repo");

    [SetUp]
    public void Create() => _temp = new TempDirectory("helm-repo");

    [TearDown]
    public void Delete() => _temp.Dispose();

    private LocalHelmRepository Repository(bool force = false, string? artifactHubId = null) => new(Folder, artifactHubId, force);

    private static HelmChartRelease Release(string package) => new(package, "v" + Path.GetFileNameWithoutExtension(package).Split('-')[^1], HelmCharts.CommitTime, []);

    /// <summary>The entries as YamlDotNet reads index.yaml (not through the program's own index code): version, digest, first URL.</summary>
    public static List<(string Version, string Digest, string Url)> Entries(string yaml, string chart)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        Assert.That(((YamlScalarNode)root["apiVersion"]).Value, Is.EqualTo("v1"));
        return ((YamlSequenceNode)((YamlMappingNode)root["entries"])[chart]).Children.Cast<YamlMappingNode>()
            .Select(entry => (((YamlScalarNode)entry["version"]).Value!, ((YamlScalarNode)entry["digest"]).Value!, ((YamlScalarNode)((YamlSequenceNode)entry["urls"])[0]).Value!))
            .ToList();
    }

    [Test]
    public async Task Two_versions_are_merged_newest_first_with_relative_urls_and_the_folder_served_over_http_is_a_working_repository()
    {
        var older = HelmCharts.Package(_temp.Path, "1.2.3");
        var newer = HelmCharts.Package(_temp.Path, "1.3.0");
        await Repository().AddAsync(Release(older));
        await Repository().AddAsync(Release(newer));

        var entries = Entries(File.ReadAllText(Path.Combine(Folder, "index.yaml")), "rds-csi-sample");
        Assert.That(entries.Select(entry => entry.Version), Is.EqualTo(new[] { "1.3.0", "1.2.3" }));
        Assert.That(entries.Select(entry => entry.Url), Is.EqualTo(new[] { "rds-csi-sample-1.3.0.tgz", "rds-csi-sample-1.2.3.tgz" }));

        using var server = new StaticFileServer(Folder);
        var served = Entries(System.Text.Encoding.UTF8.GetString(server.Get(new Uri(server.BaseUri, "index.yaml"))), "rds-csi-sample");
        foreach (var (version, digest, url) in served)
        {
            var chart = server.Get(new Uri(server.BaseUri, url));
            Assert.That(StaticFileServer.Sha256(chart), Is.EqualTo(digest), version);
            Assert.That(digest, Is.EqualTo(HelmCharts.Sha256Sum(version == "1.3.0" ? newer : older)), "sha256sum of the package that was added");
        }
    }

    [Test]
    public async Task A_rerun_changes_no_byte_and_no_file_time()
    {
        var package = HelmCharts.Package(_temp.Path, "1.2.3");
        await Repository().AddAsync(Release(package));
        var index = Path.Combine(Folder, "index.yaml");
        var (bytes, written) = (File.ReadAllBytes(index), File.GetLastWriteTimeUtc(index));

        var again = await Repository().AddAsync(Release(package));

        Assert.That(again.Change, Is.EqualTo(IndexChange.Unchanged));
        Assert.That(File.ReadAllBytes(index), Is.EqualTo(bytes));
        Assert.That(File.GetLastWriteTimeUtc(index), Is.EqualTo(written));
    }

    [Test]
    public async Task A_package_of_a_version_already_there_with_other_bytes_is_refused_before_anything_is_written_unless_forced()
    {
        var first = HelmCharts.Package(_temp.Path, "1.2.3");
        await Repository().AddAsync(Release(first));
        var index = File.ReadAllBytes(Path.Combine(Folder, "index.yaml"));
        var other = HelmCharts.Package(_temp.Path, "1.2.3", HelmCharts.CommitTime.AddHours(1));

        var refusal = (await Assert.ThrowsAsync<HelmRepositoryException>(() => Repository().AddAsync(Release(other))))!;

        Assert.That(refusal.Message, Does.Contain("1.2.3").And.Contain(HelmCharts.Sha256Sum(first)).And.Contain(HelmCharts.Sha256Sum(other)).And.Contain("--force"));
        Assert.That(File.ReadAllBytes(Path.Combine(Folder, "index.yaml")), Is.EqualTo(index));
        Assert.That(HelmCharts.Sha256Sum(Path.Combine(Folder, "rds-csi-sample-1.2.3.tgz")), Is.EqualTo(HelmCharts.Sha256Sum(first)), "the package in the repository is kept");

        var forced = await Repository(force: true).AddAsync(Release(other));

        Assert.That(forced.Change, Is.EqualTo(IndexChange.Replaced));
        Assert.That(HelmCharts.Sha256Sum(Path.Combine(Folder, "rds-csi-sample-1.2.3.tgz")), Is.EqualTo(HelmCharts.Sha256Sum(other)));
    }

    [Test]
    public async Task Companion_files_such_as_the_provenance_file_are_put_next_to_the_package()
    {
        var package = HelmCharts.Package(_temp.Path, "1.2.3");
        File.WriteAllText(package + ".prov", "provenance\n");

        await Repository().AddAsync(Release(package) with { Companions = [package + ".prov"] });

        Assert.That(File.ReadAllText(Path.Combine(Folder, "rds-csi-sample-1.2.3.tgz.prov")), Is.EqualTo("provenance\n"));
    }

    [Test]
    public async Task Artifact_Hub_metadata_is_written_next_to_the_index_only_when_a_repository_id_is_configured()
    {
        var package = HelmCharts.Package(_temp.Path, "1.2.3");
        await Repository().AddAsync(Release(package));
        Assert.That(File.Exists(Path.Combine(Folder, "artifacthub-repo.yml")), Is.False);

        await Repository(artifactHubId: "0b2a7c1e-5d3f-4e8a-9c6b-1f2e3d4c5b6a").AddAsync(Release(package));

        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Path.Combine(Folder, "artifacthub-repo.yml"))));
        Assert.That(((YamlScalarNode)((YamlMappingNode)stream.Documents[0].RootNode)["repositoryID"]).Value, Is.EqualTo("0b2a7c1e-5d3f-4e8a-9c6b-1f2e3d4c5b6a"));
    }

    [Test]
    public async Task Verify_holds_for_the_released_package_and_names_the_digests_when_the_package_differs()
    {
        var package = HelmCharts.Package(_temp.Path, "1.2.3");
        await Repository().AddAsync(Release(package));
        var lines = new List<string>();

        await Repository().VerifyAsync("rds-csi-sample", "1.2.3", package, lines.Add);

        Assert.That(lines, Has.Some.StartsWith("OK     the Helm repository index").And.Some.Contains("rds-csi-sample-1.2.3.tgz, the entry's URL"));
        var other = HelmCharts.Package(_temp.Path, "1.2.3", HelmCharts.CommitTime.AddHours(1));
        var failure = (await Assert.ThrowsAsync<HelmRepositoryException>(() => Repository().VerifyAsync("rds-csi-sample", "1.2.3", other, lines.Add)))!;
        Assert.That(failure.Message, Does.Contain(HelmCharts.Sha256Sum(package)).And.Contain(HelmCharts.Sha256Sum(other)));
        await Assert.ThrowsAsync<HelmRepositoryException>(() => Repository().VerifyAsync("rds-csi-sample", "9.9.9", package, lines.Add));
    }
}
