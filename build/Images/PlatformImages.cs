using System.Text.Json;
using Build.Configuration;
using Build.Registry;

namespace Build.Images;

/// <summary>
/// The platform images of a split release: pushed by digest from an OCI layout (no tag), and merged later into the
/// one index the release tags name, after each has been checked in the registry.
/// </summary>
public static class PlatformImages
{
    /// <summary>Layers above this size are uploaded in chunks (registries such as ghcr.io cap a single request).</summary>
    private const int ChunkThreshold = 64 * 1024 * 1024;
    private const int ChunkSize = 16 * 1024 * 1024;

    /// <summary>
    /// Uploads the images of <paramref name="platforms"/> from the OCI layout buildah wrote (its index.json names a
    /// manifest list) to <paramref name="repository"/>: blobs first, then each manifest by its digest, so no tag moves.
    /// </summary>
    public static async Task<IReadOnlyDictionary<Platform, string>> PushFromLayoutAsync(OciRegistryClient registry, string repository, string layout, IReadOnlyList<Platform> platforms)
    {
        var top = OciIndex.Parse(File.ReadAllBytes(Path.Combine(layout, "index.json")));
        var entries = new List<OciDescriptor>();
        foreach (var descriptor in top.Manifests)
        {
            var content = Blob(layout, descriptor.Digest);
            entries.AddRange(OciMediaTypes.IsIndex(descriptor.MediaType) ? OciIndex.Parse(content).Manifests : [descriptor]);
        }

        var pushed = new Dictionary<Platform, string>();
        foreach (var platform in platforms)
        {
            var entry = entries.FirstOrDefault(item => item.Platform is { } found && Matches(platform, found))
                ?? throw new InvalidOperationException($"The image layout {layout} has no image for {platform}; it has {string.Join(", ", entries.Select(item => item.Platform?.ToString() ?? "(no platform)"))}.");
            var manifest = EmptyAnnotations.Drop(Blob(layout, entry.Digest));
            var image = OciImageManifest.Parse(manifest);
            foreach (var blob in image.Layers.Prepend(image.Config))
            {
                var bytes = Blob(layout, blob.Digest);
                await registry.UploadBlobAsync(repository, bytes, bytes.Length > ChunkThreshold ? ChunkSize : null);
            }

            pushed[platform] = await registry.PutManifestAsync(repository, OciDigest.Sha256(manifest), manifest, entry.MediaType);
        }

        return pushed;
    }

    /// <summary>
    /// The index entry of each digest, after checking in the registry that it exists and is an image of its platform
    /// (an index holding one image of it, as buildx pushes, counts). Every problem is reported at once.
    /// </summary>
    public static async Task<IReadOnlyList<OciDescriptor>> ResolveAsync(OciRegistryClient registry, ImageName image, IReadOnlyList<PlatformDigest> digests)
    {
        var problems = new List<string>();
        var entries = new List<OciDescriptor>();
        foreach (var item in digests)
        {
            var named = $"{item.Platform}: {image.WithDigest(item.Digest)} (from {item.File})";
            var manifest = await registry.GetManifestAsync(image.Repository, item.Digest);
            if (manifest is null)
            {
                problems.Add($"{named} is not in the registry; push it with ./build.sh --target=Push --{Arguments.Platform}={item.Platform} --{Arguments.PushByDigest} against {image.Registry}.");
                continue;
            }

            if (manifest.IsIndex)
            {
                var images = manifest.AsIndex().Manifests.Where(entry => entry.Platform is { Os: not "unknown" }).ToList();
                if (images.Count != 1 || !Matches(item.Platform, images[0].Platform!))
                {
                    problems.Add($"{named} is an index of {string.Join(", ", images.Select(entry => entry.Platform!.ToString()))}, not of the one image of {item.Platform}.");
                    continue;
                }

                manifest = await registry.GetManifestAsync(image.Repository, images[0].Digest);
                if (manifest is null)
                {
                    problems.Add($"{named} lists {images[0].Digest}, which is not in the registry.");
                    continue;
                }
            }

            var actual = await PlatformOfAsync(registry, image.Repository, manifest);
            if (actual is null || !Matches(item.Platform, actual))
            {
                problems.Add($"{named} is an image for {actual?.ToString() ?? "no platform"}, not {item.Platform}; its digest file is misnamed or holds another build's digest.");
                continue;
            }

            entries.Add(new OciDescriptor(manifest.MediaType, manifest.Digest, manifest.Content.Length) { Platform = OciPlatform.From(item.Platform) });
        }

        if (problems.Count > 0)
        {
            throw new BuildConfigurationException(problems.Select(problem => $"--{Arguments.FromDigests}: {problem} Nothing was tagged.").ToList());
        }

        return entries;
    }

    /// <summary>The multi-arch index of <paramref name="entries"/>, in their order: the same digests always make the same index.</summary>
    public static OciIndex Index(IReadOnlyList<OciDescriptor> entries) => new() { MediaType = OciMediaTypes.ImageIndex, Manifests = entries };

    /// <summary>Each expected platform's image digest in a pushed index; an error naming what it lists when one lacks.</summary>
    public static IReadOnlyDictionary<Platform, string> DigestsIn(ManifestResponse index, IReadOnlyList<Platform> expected, string reference)
    {
        if (!index.IsIndex)
        {
            throw new InvalidOperationException($"{reference} is a single-platform image ({index.MediaType}), not the multi-arch index that was built.");
        }

        var manifests = index.AsIndex();
        var result = new Dictionary<Platform, string>();
        foreach (var platform in expected)
        {
            var entry = manifests.ManifestFor(OciPlatform.From(platform))
                ?? throw new InvalidOperationException($"The pushed index {reference} lacks {platform}; it lists {string.Join(", ", manifests.Manifests.Select(m => m.Platform?.ToString() ?? "(no platform)"))}.");
            result[platform] = entry.Digest;
        }

        return result;
    }

    /// <summary>An image's platform as its config says it.</summary>
    private static async Task<OciPlatform?> PlatformOfAsync(OciRegistryClient registry, string repository, ManifestResponse manifest)
    {
        var image = manifest.AsImageManifest();
        using var config = JsonDocument.Parse(await registry.GetBlobAsync(repository, image.Config));
        var root = config.RootElement;
        string? Get(string name) => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        return Get("os") is { } os && Get("architecture") is { } architecture ? new OciPlatform(os, architecture, Get("variant")) : null;
    }

    /// <summary>The platform, where a configured platform without a variant accepts any (arm64 images often say v8).</summary>
    private static bool Matches(Platform expected, OciPlatform actual) =>
        expected.Os == actual.Os && expected.Architecture == actual.Architecture && (expected.Variant is null || expected.Variant == actual.Variant);

    private static byte[] Blob(string layout, string digest) =>
        File.ReadAllBytes(Path.Combine(layout, "blobs", "sha256", OciDigest.RequireSha256(digest, "a digest in " + layout)[OciDigest.Sha256Prefix.Length..]));
}
