using System.Text.RegularExpressions;
using Build.Configuration;

namespace Build.Versioning;

/// <summary>
/// The image tags of a version, by docker/metadata-action's rules for
/// <c>type=semver,pattern={{version}}</c>, <c>type=semver,pattern={{major}}.{{minor}}</c> and <c>type=sha</c>:
/// a version tag gets <c>{{version}}</c>; only a release (not a pre-release) also gets <c>{{major}}.{{minor}}</c> and
/// <c>latest</c>; an untagged commit gets only <c>sha-&lt;7 hex&gt;</c>.
/// </summary>
public static partial class ImageTags
{
    public const string Latest = "latest";

    public static IReadOnlyList<string> For(ReleaseVersion version, LatestTagPolicy latest)
    {
        var tags = new List<string>();
        if (version.IsTagged)
        {
            tags.Add(Sanitize(version.Text));
            if (!version.IsPrerelease)
            {
                tags.Add($"{version.Version.Major}.{version.Version.Minor}");
                if (latest == LatestTagPolicy.Always || (latest == LatestTagPolicy.Auto && version.IsHighestRelease))
                {
                    tags.Add(Latest);
                }
            }
        }

        tags.Add("sha-" + version.ShortCommit);
        return tags;
    }

    /// <summary>Replaces what a tag may not contain with '-', as metadata-action does; at most 128 characters.</summary>
    public static string Sanitize(string tag)
    {
        var clean = InvalidTagCharacters().Replace(tag, "-");
        return clean[..Math.Min(clean.Length, 128)];
    }

    [GeneratedRegex("[^A-Za-z0-9_.-]")]
    private static partial Regex InvalidTagCharacters();
}
