namespace Build.GitHub;

/// <summary>
/// The release to publish: the tag it is for, its title and notes, whether it is a pre-release, and its assets.
/// <paramref name="Force"/> allows replacing assets, notes, title or pre-release flag that differ from what GitHub already has.
/// </summary>
public sealed record ReleaseRequest(
    string Owner,
    string Repository,
    string Tag,
    string Name,
    string Notes,
    bool Prerelease,
    IReadOnlyList<ReleaseAsset> Assets,
    bool Force = false)
{
    public string FullRepository => $"{Owner}/{Repository}";
}
