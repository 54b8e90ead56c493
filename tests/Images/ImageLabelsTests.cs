using Build.Configuration;
using Build.Images;
using Build.Versioning;
using Semver;

namespace Build.Tests.Images;

public sealed class ImageLabelsTests
{
    private static readonly ReleaseVersion Version = new(
        SemVersion.Parse("1.2.3-rc.1"), "0123456789abcdef0123456789abcdef01234567", DateTimeOffset.FromUnixTimeSeconds(1700000000), "v1.2.3-rc.1", false);

    private static readonly ImageDescription Description = new("rds-csi", "A driver", "https://example.invalid/u", "https://example.invalid/s", "Apache-2.0");

    [Test]
    public void Labels_are_the_OCI_set_from_version_and_git()
    {
        var labels = ImageLabels.For(Version, Description);

        Assert.That(labels, Is.EquivalentTo(new Dictionary<string, string>
        {
            ["org.opencontainers.image.title"] = "rds-csi",
            ["org.opencontainers.image.description"] = "A driver",
            ["org.opencontainers.image.url"] = "https://example.invalid/u",
            ["org.opencontainers.image.source"] = "https://example.invalid/s",
            ["org.opencontainers.image.version"] = "1.2.3-rc.1",
            ["org.opencontainers.image.created"] = "2023-11-14T22:13:20Z",
            ["org.opencontainers.image.revision"] = "0123456789abcdef0123456789abcdef01234567",
            ["org.opencontainers.image.licenses"] = "Apache-2.0",
        }));
    }

    [Test]
    public void Created_is_the_commit_time_not_the_clock()
    {
        Assert.That(ImageLabels.Created(Version), Is.EqualTo("2023-11-14T22:13:20Z"));
    }

    [Test]
    public void Build_arguments_carry_commit_tag_and_date()
    {
        Assert.That(ImageLabels.BuildArguments(Version), Is.EquivalentTo(new Dictionary<string, string>
        {
            ["GIT_COMMIT"] = "0123456789abcdef0123456789abcdef01234567",
            ["GIT_TAG"] = "v1.2.3-rc.1",
            ["BUILD_DATE"] = "2023-11-14T22:13:20Z",
        }));
    }

    [Test]
    public void An_untagged_build_passes_its_dev_version_as_GIT_TAG()
    {
        var dev = Version with { Version = SemVersion.Parse("1.2.4-dev.3+0123456"), GitTag = null };

        Assert.That(ImageLabels.BuildArguments(dev)["GIT_TAG"], Is.EqualTo("1.2.4-dev.3"));
    }
}
