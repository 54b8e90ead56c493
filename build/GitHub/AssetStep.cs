namespace Build.GitHub;

internal enum AssetAction
{
    /// <summary>GitHub has the same name, size and digest.</summary>
    Keep,

    /// <summary>GitHub has no asset of that name.</summary>
    Upload,

    /// <summary>GitHub has what an interrupted upload left (state <c>starter</c>): delete it, then upload.</summary>
    ReplaceLeftover,

    /// <summary>GitHub has a different asset of that name: replaced only when forced.</summary>
    Replace,
}

/// <summary>What a publish does with one asset, decided before anything is written.</summary>
internal sealed record AssetStep(LocalAsset Local, GitHubAssetJson? Remote, string? RemoteSha256, AssetAction Action)
{
    public string Difference =>
        $"asset {Local.Name}: GitHub has {RemoteSha256} ({Remote?.Size} bytes), this build made {Local.Sha256} ({Local.Size} bytes)";
}
