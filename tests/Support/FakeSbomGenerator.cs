using Build.Configuration;
using Build.Images;
using Build.Sbom;
using Cake.Core.IO;

namespace Build.Tests.Support;

/// <summary>A stand-in SBOM generator: writes a small JSON document where the real one writes its SBOM, and records which it made. No tool runs.</summary>
public sealed class FakeSbomGenerator(ArtifactLayout layout) : IImageSbomGenerator
{
    public System.Collections.Concurrent.ConcurrentBag<Platform> Made { get; } = [];

    public bool MadeIndex { get; private set; }

    public string Generator => "fake";

    public FilePath Generate(PushedImage pushed, Platform platform, Action<string>? progress = null)
    {
        progress?.Invoke("cataloguing");
        Made.Add(platform);
        return Write(layout.PlatformSbom(platform), $$"""{"name":"{{platform}}","digest":"{{pushed.PlatformDigests[platform]}}"}""");
    }

    public FilePath GenerateIndex(PushedImage pushed, IReadOnlyDictionary<Platform, FilePath> platformSboms)
    {
        MadeIndex = true;
        return Write(layout.IndexSbom, $$"""{"name":"index","covers":{{platformSboms.Count}}}""");
    }

    private static FilePath Write(FilePath file, string json)
    {
        Directory.CreateDirectory(file.GetDirectory().FullPath);
        File.WriteAllText(file.FullPath, json);
        return file;
    }
}
