using Build.Releasing;

namespace Build.Tests.Releasing;

public sealed class ChangelogTests
{
    private const string Text = """
        # Changelog

        All notable changes to this project are documented here.

        ## [Unreleased]

        - Something in progress.

        ## [1.2.3] - 2026-11-25

        ### Added
        - Snapshots.

        ### Fixed
        - Resizing a volume twice.

        ## [1.2.3-rc.1] - 2026-11-20

        - The candidate.

        ## [1.2.2] - 2026-10-01

        - Older.

        [Unreleased]: https://github.com/3whiskeywhiskey/rds-csi/compare/v1.2.3...HEAD
        [1.2.3]: https://github.com/3whiskeywhiskey/rds-csi/compare/v1.2.2...v1.2.3
        """;

    [Test]
    public void The_section_of_a_version_is_its_body_without_heading()
    {
        Assert.That(Changelog.SectionFor(Text, "1.2.3"), Is.EqualTo("### Added\n- Snapshots.\n\n### Fixed\n- Resizing a volume twice."));
    }

    [Test]
    public void A_prerelease_is_not_mistaken_for_its_release()
    {
        Assert.That(Changelog.SectionFor(Text, "1.2.3-rc.1"), Is.EqualTo("- The candidate."));
    }

    [Test]
    public void The_last_section_leaves_out_the_link_definitions()
    {
        Assert.That(Changelog.SectionFor(Text, "1.2.2"), Is.EqualTo("- Older."));
    }

    [Test]
    public void A_v_prefix_on_either_side_matches()
    {
        Assert.That(Changelog.SectionFor(Text.Replace("## [1.2.2]", "## [v1.2.2]"), "1.2.2"), Is.EqualTo("- Older."));
        Assert.That(Changelog.SectionFor(Text, "v1.2.2"), Is.EqualTo("- Older."));
    }

    [Test]
    public void A_missing_version_has_no_section()
    {
        Assert.That(Changelog.SectionFor(Text, "9.9.9"), Is.Null);
        Assert.That(Changelog.SectionFor(Text, "1.2"), Is.Null);
    }
}
