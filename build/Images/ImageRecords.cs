using Build.Configuration;

namespace Build.Images;

/// <summary>What Build made, and which backend made it: with buildah a local manifest list; with buildx an index already pushed by digest (no tags).</summary>
public sealed record BuiltImage(string Builder, IReadOnlyList<Platform> Platforms, string? LocalManifest, string? PushedDigest);

/// <summary>What Push published: one index digest, every tag on it, and each platform's image digest.</summary>
public sealed record PushedImage(ImageName Repository, string IndexDigest, IReadOnlyList<string> Tags, IReadOnlyDictionary<Platform, string> PlatformDigests)
{
    public string Reference => Repository.WithDigest(IndexDigest);
}

/// <summary>What HelmPackage made: the signed package and where the chart was pushed as OCI.</summary>
public sealed record ChartArtifact(Cake.Core.IO.FilePath Package, Cake.Core.IO.FilePath Signature, string Name, string Version, string OciReference, string OciDigest);
