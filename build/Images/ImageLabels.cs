using System.Globalization;
using Build.Configuration;
using Build.Versioning;

namespace Build.Images;

/// <summary>The OCI labels and build arguments of an image, all derived from the version and git (never the clock).</summary>
public static class ImageLabels
{
    public const string Prefix = "org.opencontainers.image.";

    public static IReadOnlyDictionary<string, string> For(ReleaseVersion version, ImageDescription description) =>
        new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [Prefix + "title"] = description.Title,
            [Prefix + "description"] = description.Description,
            [Prefix + "url"] = description.Url,
            [Prefix + "source"] = description.Source,
            [Prefix + "version"] = version.Text,
            [Prefix + "created"] = Created(version),
            [Prefix + "revision"] = version.Commit,
            [Prefix + "licenses"] = description.Licenses,
        };

    /// <summary>What the driver's Dockerfile receives: GIT_COMMIT, GIT_TAG (the tag, or the dev version) and BUILD_DATE.</summary>
    public static IReadOnlyDictionary<string, string> BuildArguments(ReleaseVersion version) =>
        new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["GIT_COMMIT"] = version.Commit,
            ["GIT_TAG"] = version.GitTag ?? version.Text,
            ["BUILD_DATE"] = Created(version),
        };

    /// <summary>The commit time in RFC 3339 UTC, so that rebuilding a commit gives the same image.</summary>
    public static string Created(ReleaseVersion version) =>
        version.CommitTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
