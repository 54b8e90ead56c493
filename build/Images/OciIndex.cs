using System.Text.Json;
using Build.Configuration;

namespace Build.Images;

/// <summary>The platform entries of an OCI image index (or Docker manifest list), read from its JSON.</summary>
public static class OciIndex
{
    public static IReadOnlyDictionary<Platform, string> PlatformDigests(string indexJson, string source)
    {
        using var json = JsonDocument.Parse(indexJson);
        if (!json.RootElement.TryGetProperty("manifests", out var manifests))
        {
            throw new InvalidOperationException($"{source} is not an image index (no manifests): a single-platform image was pushed where a multi-arch index was expected.");
        }

        var result = new Dictionary<Platform, string>();
        foreach (var manifest in manifests.EnumerateArray())
        {
            if (!manifest.TryGetProperty("platform", out var platform))
            {
                continue;
            }

            var os = platform.GetProperty("os").GetString()!;
            var architecture = platform.GetProperty("architecture").GetString()!;
            var variant = platform.TryGetProperty("variant", out var v) ? v.GetString() : null;
            if (os == "unknown")
            {
                continue;
            }

            result[new Platform(os, architecture, variant)] = manifest.GetProperty("digest").GetString()!;
        }

        return result;
    }
}
