using Build.Releasing;
using Build.Tests.Support;

namespace Build.Tests.Releasing;

/// <summary>The one rule for what the release copies from the repository, tried on real file trees with real links.</summary>
public sealed class SourceFilesTests
{
    private const string Secret = "ghp_FAKESECRETdo_not_publish_0123456789";
    private TempDirectory _directory = null!;
    private string _chart = null!;
    private string _outside = null!;

    [SetUp]
    public void CreateTree()
    {
        _directory = new TempDirectory("sourcefiles");
        _chart = _directory.Combine("repo", "chart");
        _directory.Write("repo/chart/Chart.yaml", "apiVersion: v2\nname: chart\nversion: 1.0.0\n");
        _directory.Write("repo/chart/templates/a.yaml", "kind: ConfigMap\n");
        _outside = _directory.Write("outside/secret.txt", Secret);
        _directory.Write("outside/dir/key", Secret);
    }

    [TearDown]
    public void Delete() => _directory.Dispose();

    private string Link(string relative, string target)
    {
        var path = Path.Combine(_chart, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.CreateSymbolicLink(path, target);
        return path;
    }

    /// <summary>Each hostile link: the rule refuses it, by name, and reads nothing through it.</summary>
    [TestCase("environ", "/proc/self/environ", "leaves")]
    [TestCase("passwd", "/etc/passwd", "leaves")]
    [TestCase("apt", "/etc/apt", "leaves")]
    [TestCase("zero", "/dev/zero", "leaves")]
    [TestCase("kernel", "/sys/kernel", "leaves")]
    [TestCase("templates/up.yaml", "../../../outside/secret.txt", "leaves")]
    [TestCase("templates/dir", "../../../outside/dir", "leaves")]
    [TestCase("dangling.yaml", "does-not-exist.yaml", "does not exist")]
    [TestCase("self-loop", "self-loop", "loop")]
    [TestCase("templates/loop", "..", "contains it")]
    public void A_hostile_link_in_the_chart_is_refused_naming_the_file(string name, string target, string reason)
    {
        var link = Link(name, target);

        var error = Assert.Throws<SourceFileException>(() => SourceFiles.EnumerateFiles(_chart))!;

        Assert.That(error.Message, Does.Contain(link).And.Contain(reason));
        Assert.That(error.Message, Does.Not.Contain(Secret));
        Assert.That(SourceFiles.Problems(_chart), Has.Count.EqualTo(1));
    }

    [Test]
    public void A_link_to_an_outside_file_is_not_read_through_even_by_name()
    {
        var link = Link("values.yaml", _outside);

        var error = Assert.Throws<SourceFileException>(() => SourceFiles.ReadAllBytes(_chart, link))!;

        Assert.That(error.Message, Does.Contain(link).And.Contain(_outside));
    }

    [Test]
    public void A_chain_of_links_that_ends_outside_is_refused()
    {
        Link("first", "second");
        Link("second", "templates/third");
        Link("templates/third", _outside);

        Assert.That(SourceFiles.Problems(_chart), Has.Count.EqualTo(3), "each link of the chain ends outside the chart");
    }

    [Test]
    public void A_link_that_stays_inside_the_chart_is_read_as_its_target()
    {
        Link("copy.yaml", "templates/a.yaml");
        Link("templates-again", "templates");
        Link("back-in.yaml", "../chart/Chart.yaml");

        var files = SourceFiles.EnumerateFiles(_chart).ToDictionary(file => file.Relative, file => File.ReadAllText(file.Path));

        Assert.That(files.Keys, Is.EquivalentTo(new[] { "Chart.yaml", "back-in.yaml", "copy.yaml", "templates-again/a.yaml", "templates/a.yaml" }));
        Assert.That(files["copy.yaml"], Is.EqualTo("kind: ConfigMap\n"));
        Assert.That(files["back-in.yaml"], Does.StartWith("apiVersion: v2"));
    }

    [Test]
    public void A_chart_folder_reached_through_a_link_is_its_own_root()
    {
        var linked = _directory.Combine("linked-chart");
        Directory.CreateSymbolicLink(linked, _chart);

        Assert.That(SourceFiles.EnumerateFiles(linked).Select(file => file.Relative), Is.EqualTo(new[] { "Chart.yaml", "templates/a.yaml" }));
        Assert.That(SourceFiles.ReadAllText(linked, Path.Combine(linked, "Chart.yaml")), Does.StartWith("apiVersion"));
    }

    [Test]
    public void A_manifest_that_links_out_of_the_manifests_folder_is_not_put_in_the_bundle()
    {
        var manifests = _directory.Combine("repo", "deploy", "kubernetes");
        Directory.CreateDirectory(manifests);
        var link = Path.Combine(manifests, "extra.yaml");
        File.CreateSymbolicLink(link, _outside);
        var bundle = new ReleaseBundle(new Cake.Core.IO.DirectoryPath(_directory.Combine("bundle")));
        var image = new Build.Images.PushedImage(Build.Configuration.ImageName.Parse("127.0.0.1:5000/acme/rds-csi", "test"), "sha256:" + new string('a', 64), ["1.0.0"], new Dictionary<Build.Configuration.Platform, string>());

        var error = Assert.Throws<SourceFileException>(() => bundle.AddPinnedManifest(new Cake.Core.IO.FilePath(link), image, "ghcr.io/acme/rds-csi"))!;

        Assert.That(error.Message, Does.Contain(link));
        Assert.That(bundle.Assets, Is.Empty);
    }

    [Test]
    public void Every_refused_link_is_listed_at_once()
    {
        var first = Link("a", "/etc/passwd");
        var second = Link("templates/b", _outside);

        var error = Assert.Throws<SourceFileException>(() => SourceFiles.RequireSafe(_chart))!;

        Assert.That(error.Problems, Has.Count.EqualTo(2));
        Assert.That(error.Message, Does.Contain(first).And.Contain(second));
    }
}
