namespace Build.GitHub;

/// <summary>A local file to attach to a GitHub release under <paramref name="Name"/>.</summary>
public sealed record ReleaseAsset(string Name, string Path);
