using Build.Configuration;
using Build.Tests.Support;
using Build.Tools.Git;
using Build.Versioning;

namespace Build.Tests.Versioning;

/// <summary>GitVersioner against real git repositories.</summary>
public sealed class GitVersionerTests
{
    private GitRepository _repo = null!;

    [SetUp]
    public void SetUp() => _repo = new GitRepository();

    [TearDown]
    public void TearDown() => _repo.Dispose();

    private ReleaseVersion Compute(string? preferredTag = null)
    {
        var context = CakeContexts.Create(_repo.Path);
        return new GitVersioner(context.GitRunner(), _repo.Path).Compute(preferredTag);
    }

    [Test]
    public void A_release_tag_on_HEAD_is_the_version()
    {
        _repo.Commit();
        _repo.Tag("v1.2.3");

        var version = Compute();

        Assert.That(version.Version.ToString(), Is.EqualTo("1.2.3"));
        Assert.That(version.GitTag, Is.EqualTo("v1.2.3"));
        Assert.That(version.IsPrerelease, Is.False);
        Assert.That(version.Commit, Is.EqualTo(_repo.Head));
    }

    [Test]
    public void A_prerelease_tag_on_HEAD_is_a_prerelease_version()
    {
        _repo.Commit();
        _repo.Tag("v1.2.3-rc.1", annotated: true);

        var version = Compute();

        Assert.That(version.Version.ToString(), Is.EqualTo("1.2.3-rc.1"));
        Assert.That(version.IsPrerelease, Is.True);
    }

    [Test]
    public void The_v_prefix_is_optional()
    {
        _repo.Commit();
        _repo.Tag("2.0.0");

        Assert.That(Compute().Version.ToString(), Is.EqualTo("2.0.0"));
    }

    [Test]
    public void An_untagged_commit_after_a_release_gets_the_next_patch_as_a_dev_version()
    {
        _repo.Commit();
        _repo.Tag("v1.2.3");
        _repo.Commit();
        _repo.Commit();

        var version = Compute();

        Assert.That(version.Version.ToString(), Is.EqualTo($"1.2.4-dev.2+{_repo.ShortHead}"));
        Assert.That(version.IsTagged, Is.False);
        Assert.That(version.IsPrerelease, Is.True);
    }

    [Test]
    public void An_untagged_commit_after_a_prerelease_sorts_between_it_and_the_next_prerelease()
    {
        _repo.Commit();
        _repo.Tag("v1.3.0-rc.1");
        _repo.Commit();

        var version = Compute();

        Assert.That(version.Version.ToString(), Is.EqualTo($"1.3.0-rc.1.dev.1+{_repo.ShortHead}"));
        Assert.That(version.Version.ComparePrecedenceTo(Semver.SemVersion.Parse("1.3.0-rc.1")), Is.GreaterThan(0));
        Assert.That(version.Version.ComparePrecedenceTo(Semver.SemVersion.Parse("1.3.0-rc.2")), Is.LessThan(0));
    }

    [Test]
    public void A_repository_without_tags_counts_from_0_1_0()
    {
        _repo.Commit();
        _repo.Commit();
        _repo.Commit();

        Assert.That(Compute().Version.ToString(), Is.EqualTo($"0.1.0-dev.3+{_repo.ShortHead}"));
    }

    [Test]
    public void The_highest_reachable_tag_is_the_base_not_the_nearest()
    {
        _repo.Commit();
        _repo.Tag("v2.0.0");
        _repo.Commit();
        _repo.Tag("v1.9.9");
        _repo.Commit();

        Assert.That(Compute().Version.ToString(), Does.StartWith("2.0.1-dev.2+"));
    }

    [Test]
    public void Tags_that_are_not_versions_are_ignored()
    {
        _repo.Commit();
        _repo.Tag("nightly");
        _repo.Tag("latest-stable");

        Assert.That(Compute().Version.ToString(), Does.StartWith("0.1.0-dev.1+"));
    }

    [TestCase("v1.2")]
    [TestCase("v1.2.3.4")]
    [TestCase("v01.2.3")]
    [TestCase("v1.2.3-")]
    public void An_invalid_version_tag_on_HEAD_fails_naming_it(string tag)
    {
        _repo.Commit();
        _repo.Tag(tag);

        var error = Assert.Throws<BuildConfigurationException>(() => Compute());

        Assert.That(error!.Message, Does.Contain($"Tag '{tag}'").And.Contain("vMAJOR.MINOR.PATCH"));
    }

    [Test]
    public void With_several_version_tags_on_HEAD_the_highest_wins()
    {
        _repo.Commit();
        _repo.Tag("v1.2.3-rc.2");
        _repo.Tag("v1.2.3");

        Assert.That(Compute().Version.ToString(), Is.EqualTo("1.2.3"));
    }

    [Test]
    public void The_tag_a_CI_run_was_started_for_wins_over_other_tags_on_HEAD()
    {
        _repo.Commit();
        _repo.Tag("v1.2.3-rc.2");
        _repo.Tag("v1.2.3");

        Assert.That(Compute(preferredTag: "v1.2.3-rc.2").Version.ToString(), Is.EqualTo("1.2.3-rc.2"));
    }

    [Test]
    public void A_release_is_the_highest_only_when_no_higher_release_is_tagged()
    {
        _repo.Commit();
        _repo.Tag("v2.0.0");
        Run.Git(_repo.Path, "checkout", "-q", "-b", "maintenance", "HEAD");
        _repo.Commit();
        _repo.Tag("v1.9.1");
        var maintenance = Compute();
        Run.Git(_repo.Path, "checkout", "-q", "main");

        Assert.That(maintenance.IsHighestRelease, Is.False);
        Assert.That(Compute().IsHighestRelease, Is.True);
    }

    [Test]
    public void The_commit_time_comes_from_git_not_the_clock()
    {
        _repo.Commit();
        var expected = long.Parse(Run.Git(_repo.Path, "log", "-1", "--format=%ct").Output.Trim(), System.Globalization.CultureInfo.InvariantCulture);

        Assert.That(Compute().CommitTime.ToUnixTimeSeconds(), Is.EqualTo(expected));
    }

    [Test]
    public void Uncommitted_changes_are_listed()
    {
        _repo.Commit();
        var context = CakeContexts.Create(_repo.Path);
        var versioner = new GitVersioner(context.GitRunner(), _repo.Path);
        Assert.That(versioner.UncommittedChanges(), Is.Empty);

        _repo.Write("new.txt", "x");

        Assert.That(versioner.UncommittedChanges(), Has.Count.EqualTo(1).And.Some.Contain("new.txt"));
    }

    [Test]
    public void An_invalid_version_tag_on_another_commit_is_ignored()
    {
        _repo.Commit();
        _repo.Tag("v1.0.0");
        _repo.Tag("v1.2");
        _repo.Commit();

        Assert.That(Compute().Version.ToString(), Is.EqualTo($"1.0.1-dev.1+{_repo.ShortHead}"));
    }

    [Test]
    public void A_release_tag_on_HEAD_is_the_version_even_when_an_older_commit_has_an_invalid_version_tag()
    {
        _repo.Commit();
        _repo.Tag("v1.2");
        _repo.Commit();
        _repo.Tag("v1.3.0");

        var version = Compute();

        Assert.That(version.Version.ToString(), Is.EqualTo("1.3.0"));
        Assert.That(version.IsHighestRelease, Is.True);
    }

    [Test]
    public void A_development_build_is_never_the_highest_release()
    {
        _repo.Commit();
        _repo.Tag("v1.0.0");
        _repo.Commit();

        Assert.That(Compute().IsHighestRelease, Is.False);
    }

    [Test]
    public void A_repository_without_commits_fails_asking_for_a_clone_with_commits()
    {
        var error = Assert.Throws<BuildConfigurationException>(() => Compute());

        Assert.That(error!.Message, Does.Contain($"'{_repo.Path}'").And.Contain("not a git repository with commits").And.Contain("--working"));
    }

    [Test]
    public void A_damaged_repository_fails_with_gits_own_error_not_as_a_missing_repository()
    {
        var head = _repo.Commit();
        File.Delete(Path.Combine(_repo.Path, ".git", "objects", head[..2], head[2..]));

        var error = Assert.Throws<Build.Tools.ToolFailedException>(() => Compute());

        Assert.That(error!.Result.ErrorText, Does.Contain(head[..7]).Or.Contain("bad object").Or.Contain("HEAD"));
    }
}
