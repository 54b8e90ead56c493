using Semver;

namespace Build.Versioning;

/// <summary>The version being released and the commit it comes from.</summary>
public sealed record ReleaseVersion(
    SemVersion Version,
    string Commit,
    DateTimeOffset CommitTime,
    string? GitTag,
    bool IsHighestRelease)
{
    public string ShortCommit => Commit[..7];

    public bool IsPrerelease => Version.IsPrerelease;

    /// <summary>True when HEAD carries a version tag (a release or pre-release), false for a development build.</summary>
    public bool IsTagged => GitTag is not null;

    /// <summary>The version without build metadata, as it appears in image tags and the chart.</summary>
    public string Text => Version.WithoutMetadata().ToString();

    public override string ToString() => Version.ToString();
}
