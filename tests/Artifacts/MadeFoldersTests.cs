using Build.Artifacts;
using Build.Tests.Support;

namespace Build.Tests.Artifacts;

/// <summary>The build deletes only folders it made under artifacts/, tried on a real file tree.</summary>
public sealed class MadeFoldersTests
{
    private TempDirectory _directory = null!;
    private string _artifacts = null!;
    private string _sentinel = null!;

    [SetUp]
    public void CreateTree()
    {
        _directory = new TempDirectory("madefolders");
        _artifacts = _directory.Combine("repo", "artifacts");
        Directory.CreateDirectory(_artifacts);
        _sentinel = _directory.Write("sentinel/keep.txt", "keep");
    }

    [TearDown]
    public void Delete() => _directory.Dispose();

    /// <summary>Hostile folders: outside artifacts/, artifacts/ itself, its parent.</summary>
    [TestCase("verify/../../..")]
    [TestCase("../../sentinel")]
    [TestCase("..")]
    [TestCase(".")]
    [TestCase("/tmp")]
    public void A_folder_outside_artifacts_is_never_deleted(string relative)
    {
        var folder = Path.Combine(_artifacts, relative);

        var error = Assert.Throws<InvalidOperationException>(() => MadeFolders.Recreate(_artifacts, folder))!;

        Assert.That(error.Message, Does.StartWith("Refusing to delete"));
        Assert.That(File.Exists(_sentinel), Is.True);
        Assert.That(Directory.Exists(_artifacts), Is.True);
    }

    [Test]
    public void A_folder_reached_through_a_link_under_artifacts_is_not_deleted()
    {
        Directory.CreateSymbolicLink(Path.Combine(_artifacts, "verify"), Path.GetDirectoryName(_sentinel)!);

        var error = Assert.Throws<InvalidOperationException>(() => MadeFolders.Recreate(_artifacts, Path.Combine(_artifacts, "verify", "1.0.0")))!;

        Assert.That(error.Message, Does.Contain("is a link"));
        Assert.That(File.Exists(_sentinel), Is.True);
    }

    [Test]
    public void A_folder_the_build_did_not_make_is_not_deleted()
    {
        var mine = _directory.Write("repo/artifacts/verify/1.0.0/my-notes.txt", "mine");

        var error = Assert.Throws<InvalidOperationException>(() => MadeFolders.Recreate(_artifacts, Path.Combine(_artifacts, "verify", "1.0.0")))!;

        Assert.That(error.Message, Does.Contain("the build did not make it"));
        Assert.That(File.Exists(mine), Is.True);
    }

    [Test]
    public void A_folder_the_build_made_is_made_afresh()
    {
        var folder = Path.Combine(_artifacts, "verify", "1.0.0");
        MadeFolders.Recreate(_artifacts, folder);
        File.WriteAllText(Path.Combine(folder, "old.tgz"), "old");

        MadeFolders.Recreate(_artifacts, folder);

        Assert.That(Directory.Exists(folder), Is.True);
        Assert.That(Directory.GetFiles(folder), Is.Empty);
        Assert.That(File.ReadAllLines(Path.Combine(_artifacts, MadeFolders.LedgerFileName)), Is.EqualTo(new[] { "verify/1.0.0" }));
    }
}
