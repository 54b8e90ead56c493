namespace Build.GitHub;

/// <summary>
/// A release asset as GitHub's JSON has it, read through Octokit's connection: Octokit 14's ReleaseAsset has a 32-bit
/// id and size and no <c>digest</c> (which GitHub has sent since 2025 as <c>sha256:&lt;hex&gt;</c>, null for older assets).
/// </summary>
internal sealed class GitHubAssetJson
{
    public const string Uploaded = "uploaded";

    public long Id { get; set; }

    public string Name { get; set; } = "";

    public long Size { get; set; }

    /// <summary><c>uploaded</c>, or <c>starter</c> for what an interrupted upload left behind.</summary>
    public string State { get; set; } = "";

    public string? Digest { get; set; }

    /// <summary>The API address of the asset; with Accept: application/octet-stream it answers with the content.</summary>
    public string Url { get; set; } = "";

    public bool IsComplete => State == Uploaded;
}
