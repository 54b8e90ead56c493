namespace Build.GitHub;

/// <summary>The Content-Type a release asset is uploaded with, from its file name.</summary>
internal static class AssetContentTypes
{
    public static string For(string name) => System.IO.Path.GetExtension(name).ToLowerInvariant() switch
    {
        ".tgz" or ".gz" => "application/gzip",
        ".json" => "application/json",
        ".yaml" or ".yml" => "text/yaml",
        _ => "application/octet-stream",
    };
}
