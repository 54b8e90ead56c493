using System.Text.Json.Nodes;
using Build.Configuration;
using Build.Registry;

namespace Build.Binaries;

/// <summary>
/// Reads binaries with the project's registry client: the index by digest, each platform manifest, its config (for the
/// entrypoint) and its layer blobs (each checked against its digest), stacked by <see cref="ImageFileSystem"/>.
/// </summary>
public sealed class RegistryImageBinaries(Func<OciRegistryClient> registry) : IImageBinaries
{
    public async Task<IReadOnlyList<PlatformBinaries>> ExtractAsync(ImageName image, string indexDigest, IReadOnlyList<string> paths)
    {
        var client = registry();
        var index = await client.GetManifestAsync(image.Repository, indexDigest)
            ?? throw new ImageFileException($"{image.WithDigest(indexDigest)} is not in the registry: push the image first.");
        if (!index.IsIndex)
        {
            throw new ImageFileException($"{image.WithDigest(indexDigest)} is a single image, not an index of platform images.");
        }

        var result = new List<PlatformBinaries>();
        foreach (var entry in index.AsIndex().Manifests.Where(entry => entry.Platform is { Os: not "unknown" }))
        {
            var platform = new Platform(entry.Platform!.Os, entry.Platform.Architecture, entry.Platform.Variant);
            var manifest = (await client.GetManifestAsync(image.Repository, entry.Digest)
                ?? throw new ImageFileException($"{image.WithDigest(entry.Digest)} ({platform}) is listed in the index but not in the registry.")).AsImageManifest();
            var wanted = paths.Count > 0 ? paths : [Entrypoint(await client.GetBlobAsync(image.Repository, manifest.Config), image.WithDigest(entry.Digest))];
            var layers = new List<ImageLayer>();
            foreach (var layer in manifest.Layers)
            {
                layers.Add(new ImageLayer(layer.Digest, await client.GetBlobAsync(image.Repository, layer)));
            }

            var files = ImageFileSystem.Read(layers);
            result.Add(new PlatformBinaries(platform, entry.Digest, wanted.Select(path => new ImageFile(path, Read(files, path, platform))).ToList()));
        }

        return result.Count > 0 ? result : throw new ImageFileException($"{image.WithDigest(indexDigest)} lists no platform image.");
    }

    /// <summary>The image's entrypoint (its first word), which must be an absolute path for it to name a file.</summary>
    public static string Entrypoint(byte[] config, string reference)
    {
        var entrypoint = (JsonNode.Parse(config)?["config"]?["Entrypoint"] as JsonArray)?.FirstOrDefault()?.GetValue<string>();
        if (entrypoint is null)
        {
            throw new ImageFileException($"{reference} has no entrypoint: name the binaries to release in cake.config's [Release] Binaries, e.g. Binaries=/rds-csi-driver.");
        }

        if (!entrypoint.StartsWith('/') || entrypoint.Split('/').Contains(".."))
        {
            throw new ImageFileException($"{reference} has the entrypoint '{entrypoint}', which is not a plain absolute path: name the binaries to release in cake.config's [Release] Binaries, e.g. Binaries=/usr/local/bin/{BinarySettings.FileName(entrypoint)}.");
        }

        return entrypoint;
    }

    private static byte[] Read(ImageFileSystem files, string path, Platform platform)
    {
        try
        {
            return files.ReadFile(path);
        }
        catch (ImageFileException exception)
        {
            throw new ImageFileException($"The {platform} image: {exception.Message}");
        }
    }
}
