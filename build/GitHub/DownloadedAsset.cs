namespace Build.GitHub;

/// <summary>A release asset downloaded to <paramref name="Path"/>, with its size and <c>sha256:&lt;hex&gt;</c> digest.</summary>
public sealed record DownloadedAsset(string Name, string Path, long Size, string Sha256);
