using Build.Tests.Support;

namespace Build.Tests.EndToEnd;

/// <summary>The real build program (built by build.sh) against real git repositories.</summary>
public sealed class BuildProgramTests
{
    private GitRepository _repo = null!;

    [SetUp]
    public void SetUp()
    {
        _repo = new GitRepository();
        _repo.Write(".gitignore", "artifacts/\n");
        _repo.Commit();
    }

    [TearDown]
    public void TearDown() => _repo.Dispose();

    [Test]
    public void Version_of_a_prerelease_tag_prints_the_version_and_only_the_version_and_sha_tags()
    {
        _repo.Tag("v1.2.3-rc.1", annotated: true);

        var result = BuildProgram.Run(_repo.Path, ["--target=Version"]);

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.Output, Does.Contain("Version 1.2.3-rc.1\n"));
        Assert.That(result.Output, Does.Contain($"Tags 1.2.3-rc.1, sha-{_repo.ShortHead}\n"));
    }

    [Test]
    public void Version_of_a_release_tag_adds_major_minor_and_latest()
    {
        _repo.Tag("v1.2.3");

        var result = BuildProgram.Run(_repo.Path, ["--target=Version"]);

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.Output, Does.Contain($"Tags 1.2.3, 1.2, latest, sha-{_repo.ShortHead}\n"));
    }

    [Test]
    public void An_invalid_tag_fails_before_any_task_body_with_its_name()
    {
        _repo.Tag("v1.2");

        var result = BuildProgram.Run(_repo.Path, ["--target=Version"]);

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.All, Does.Contain("Tag 'v1.2' on HEAD is not a valid version"));
    }

    [Test]
    public void Publish_mode_with_a_dirty_tree_fails_and_writes_nothing()
    {
        _repo.Tag("v1.2.3");
        _repo.Write("file.txt", "edited");

        var result = BuildProgram.Run(_repo.Path, ["--target=Version", "--mode=publish"]);

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.All, Does.Contain("clean work tree"));
        Assert.That(File.Exists(Path.Combine(_repo.Path, "artifacts", "version.json")), Is.False);
        Assert.That(File.Exists(Path.Combine(_repo.Path, "artifacts", "release-state.json")), Is.False);
    }

    [Test]
    public void Tree_shows_the_whole_release_graph()
    {
        var result = BuildProgram.Run(_repo.Path, ["--tree"]);

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.Output, Does.Match(@"Release\s+└─Announce\s+└─HelmIndex\s+└─Publish\s+└─Binaries\s+└─HelmPackage\s+└─Scan\s+└─Sbom\s+└─Sign\s+└─Push\s+└─Build\s+└─Version"));
        Assert.That(result.Output, Does.Match(@"Default\s+└─Verify\s+├─Version\s+├─Lint\s+├─CheckDeploy\s+├─Build\s+│ └─Version\s+└─Test"));
    }

    [Test]
    public void Dryrun_of_Release_lists_the_graph_in_order_and_runs_nothing()
    {
        var result = BuildProgram.Run(_repo.Path, ["--target=Release", "--dryrun"]);

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        var expected = new[] { "Version", "Build", "Push", "Sign", "Sbom", "Scan", "HelmPackage", "Binaries", "Publish", "HelmIndex", "Announce", "Release" };
        var positions = expected.Select(name => System.Text.RegularExpressions.Regex.Match(result.Output, $@"(\d+\. |Skipped ){name}\b").Index).ToList();
        Assert.That(positions, Is.All.GreaterThan(0), result.Output);
        Assert.That(positions, Is.Ordered, result.Output);
        Assert.That(Directory.Exists(Path.Combine(_repo.Path, "artifacts")), Is.False);
    }

    [Test]
    public void An_unknown_target_exits_1_and_lists_the_targets()
    {
        var result = BuildProgram.Run(_repo.Path, ["--target=Deploy"]);

        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.All, Does.Contain("Unknown target 'Deploy'").And.Contain("Release").And.Contain("Verify"));
    }

    [Test]
    public void An_unknown_mode_fails_before_any_task_runs()
    {
        var result = BuildProgram.Run(_repo.Path, ["--target=Version", "--mode=yolo"]);

        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.All, Does.Contain("--mode 'yolo'"));
        Assert.That(result.Output, Does.Not.Contain("Version 0."));
    }
}
