using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Build.Registry;

namespace Build.Images;

/// <summary>
/// buildah 1.28 writes <c>org.opencontainers.image.base.name</c> and <c>base.digest</c> as empty strings into every image
/// built <c>FROM scratch</c> (there is no base to name, and 1.28 has no <c>--unsetannotation</c>). An OCI annotation is
/// never an empty string, so empty annotations are dropped from each platform manifest and the index is rewritten to
/// list the cleaned manifests. The rewrite is a pure function of the bytes, so the index digest stays reproducible.
/// A base image that does exist keeps the annotations buildah filled in.
/// </summary>
public static class EmptyAnnotations
{
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The manifest without its empty-string annotations (and without an annotations object left empty); the same array when it has none.</summary>
    public static byte[] Drop(byte[] manifest)
    {
        if (JsonNode.Parse(manifest) is not JsonObject root || !DropFrom(root))
        {
            return manifest;
        }

        return JsonSerializer.SerializeToUtf8Bytes(root, Compact);
    }

    /// <summary>
    /// Rewrites the index <paramref name="indexDigest"/> and the platform manifests it lists without empty annotations,
    /// pushing each cleaned manifest by its digest (no tag moves); returns the digest of the clean index (the same
    /// digest when nothing was empty).
    /// </summary>
    public static async Task<string> DropFromIndexAsync(OciRegistryClient registry, string repository, string indexDigest)
    {
        var index = await registry.GetManifestAsync(repository, indexDigest)
            ?? throw new InvalidOperationException($"{repository}@{indexDigest} is not in the registry.");
        var root = JsonNode.Parse(index.Content) as JsonObject
            ?? throw new InvalidDataException($"{repository}@{indexDigest} is not a JSON object.");
        var changed = DropFrom(root);
        foreach (var entry in (root["manifests"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var digest = entry["digest"]!.GetValue<string>();
            var manifest = await registry.GetManifestAsync(repository, digest)
                ?? throw new InvalidOperationException($"{repository}@{digest}, listed by the index {indexDigest}, is not in the registry.");
            var clean = Drop(manifest.Content);
            if (ReferenceEquals(clean, manifest.Content))
            {
                continue;
            }

            var cleanDigest = await registry.PutManifestAsync(repository, OciDigest.Sha256(clean), clean, manifest.MediaType);
            entry["digest"] = cleanDigest;
            entry["size"] = clean.Length;
            changed = true;
        }

        if (!changed)
        {
            return indexDigest;
        }

        var bytes = JsonSerializer.SerializeToUtf8Bytes(root, Compact);
        return await registry.PutManifestAsync(repository, OciDigest.Sha256(bytes), bytes, index.MediaType);
    }

    private static bool DropFrom(JsonObject document)
    {
        if (document["annotations"] is not JsonObject annotations)
        {
            return false;
        }

        var empty = annotations.Where(pair => pair.Value is JsonValue value && value.TryGetValue<string>(out var text) && text.Length == 0).Select(pair => pair.Key).ToList();
        foreach (var key in empty)
        {
            annotations.Remove(key);
        }

        if (empty.Count > 0 && annotations.Count == 0)
        {
            document.Remove("annotations");
        }

        return empty.Count > 0;
    }
}
