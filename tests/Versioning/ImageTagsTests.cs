using Build.Configuration;
using Build.Versioning;
using Semver;

namespace Build.Tests.Versioning;

/// <summary>docker/metadata-action's semver and sha rules.</summary>
public sealed class ImageTagsTests
{
    private const string Commit = "abc1234def5678901234567890abcdef12345678";

    private static ReleaseVersion Version(string version, bool tagged = true, bool highest = true) =>
        new(SemVersion.Parse(version), Commit, DateTimeOffset.UnixEpoch, tagged ? "v" + version : null, highest);

    [Test]
    public void A_release_gets_version_major_minor_latest_and_sha()
    {
        Assert.That(ImageTags.For(Version("1.2.3"), LatestTagPolicy.Auto), Is.EqualTo(new[] { "1.2.3", "1.2", "latest", "sha-abc1234" }));
    }

    [Test]
    public void Prerelease_gets_no_minor_tag_and_no_latest()
    {
        Assert.That(ImageTags.For(Version("1.2.3-rc.1"), LatestTagPolicy.Always), Is.EqualTo(new[] { "1.2.3-rc.1", "sha-abc1234" }));
    }

    [Test]
    public void An_older_release_does_not_move_latest_by_default()
    {
        Assert.That(ImageTags.For(Version("1.1.9", highest: false), LatestTagPolicy.Auto), Is.EqualTo(new[] { "1.1.9", "1.1", "sha-abc1234" }));
    }

    [Test]
    public void Latest_can_be_forced_or_turned_off()
    {
        Assert.That(ImageTags.For(Version("1.1.9", highest: false), LatestTagPolicy.Always), Does.Contain("latest"));
        Assert.That(ImageTags.For(Version("1.2.3"), LatestTagPolicy.Never), Does.Not.Contain("latest"));
    }

    [Test]
    public void An_untagged_build_gets_only_the_sha_tag()
    {
        Assert.That(ImageTags.For(Version("1.2.4-dev.2+abc1234", tagged: false), LatestTagPolicy.Always), Is.EqualTo(new[] { "sha-abc1234" }));
    }

    [Test]
    public void Build_metadata_never_reaches_a_tag()
    {
        Assert.That(ImageTags.For(Version("1.2.3+build.5"), LatestTagPolicy.Never)[0], Is.EqualTo("1.2.3"));
    }

    [TestCase("1.2.3+abc", "1.2.3-abc")]
    [TestCase("a/b c", "a-b-c")]
    public void Invalid_tag_characters_become_dashes(string input, string expected)
    {
        Assert.That(ImageTags.Sanitize(input), Is.EqualTo(expected));
    }

    [Test]
    public void A_tag_is_cut_at_128_characters()
    {
        var longest = "1.2.3-" + new string('a', 122);

        Assert.That(ImageTags.Sanitize(longest + "bcd"), Is.EqualTo(longest));
        Assert.That(ImageTags.Sanitize(longest), Is.EqualTo(longest));
        Assert.That(ImageTags.For(Version(longest + "bcd+build.5"), LatestTagPolicy.Never)[0], Is.EqualTo(longest));
    }
}
