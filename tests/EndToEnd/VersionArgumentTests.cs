using Build.Tests.Support;

namespace Build.Tests.EndToEnd;

/// <summary>
/// <c>VerifyRelease --mode=publish --version=...</c> once deleted artifacts/verify/&lt;version&gt; before any check, so a
/// version that is a path deleted whatever it named. The real program, in a repository nested in a folder holding a
/// sentinel, against a real registry (so that the registry preflight holds and the task is reached).
/// </summary>
[NonParallelizable]
public sealed class VersionArgumentTests
{
    private TempDirectory _outer = null!;
    private RegistryProcess _registry = null!;
    private string _repo = null!;
    private string _sentinel = null!;

    [SetUp]
    public void CreateTree()
    {
        _registry = new RegistryProcess();
        _outer = new TempDirectory("version-argument");
        _repo = _outer.Combine("work", "repo");
        Directory.CreateDirectory(_repo);
        Run.Git(_repo, "init", "-q", "-b", "main");
        File.WriteAllText(Path.Combine(_repo, "README.md"), "sample\n");
        Run.Git(_repo, "add", "-A");
        Run.Git(_repo, "-c", "commit.gpgsign=false", "commit", "-q", "-m", "sample");
        _sentinel = _outer.Write("work/sentinel/keep.txt", "keep");
    }

    [TearDown]
    public void Delete()
    {
        _outer.Dispose();
        _registry.Dispose();
    }

    private ProcessResult VerifyRelease(string version) => BuildProgram.Run(
        _repo,
        ["--target=VerifyRelease", "--mode=publish", "--version=" + version, $"--image={_registry.Address}/acme/rds-csi"],
        new Dictionary<string, string?> { ["GITHUB_TOKEN"] = "ghp_fake", ["CAKE_RELEASE_GITHUBAPI"] = "http://127.0.0.1:9/api/v3/" });

    [TestCase("../../..")]
    [TestCase("..")]
    [TestCase("1.0.0/../../../..")]
    [TestCase("ABSOLUTE")]
    [TestCase("v1.0")]
    [TestCase("1.0.0 ; rm -rf ~")]
    public void A_version_that_is_not_SemVer_is_refused_before_anything_is_deleted(string version)
    {
        // An absolute path, but to this test's own sentinel folder: never a folder others use, even if it were deleted.
        version = version == "ABSOLUTE" ? Path.GetDirectoryName(_sentinel)! : version;

        var result = VerifyRelease(version);

        Assert.That(File.Exists(_sentinel), Is.True, "the sentinel beside the repository is untouched\n" + result);
        Assert.That(Directory.Exists(Path.Combine(_repo, ".git")), Is.True, "the repository is untouched");
        Assert.That(result.ExitCode, Is.Not.EqualTo(0), result.ToString());
        Assert.That(result.All, Does.Contain($"--version '{version}' is not a SemVer version"));
    }

    [Test]
    public void A_folder_under_artifacts_the_build_did_not_make_is_not_deleted()
    {
        var mine = Path.Combine(_repo, "artifacts", "verify", "9.9.9", "my-notes.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(mine)!);
        File.WriteAllText(mine, "mine");

        var result = VerifyRelease("v9.9.9");

        Assert.That(File.Exists(mine), Is.True, result.ToString());
        Assert.That(result.ExitCode, Is.Not.EqualTo(0), result.ToString());
        Assert.That(result.All, Does.Contain("Refusing to delete").And.Contain("the build did not make it"));
    }
}
