namespace Build.GitHub;

/// <summary>A file to publish, measured once: its size and <c>sha256:&lt;hex&gt;</c> digest.</summary>
internal sealed record LocalAsset(string Name, string Path, long Size, string Sha256)
{
    public string ContentType => AssetContentTypes.For(Name);
}
