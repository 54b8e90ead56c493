using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Build.Tests.Support;

/// <summary>
/// Stands in for registry.k8s.io on loopback: a tiny two-platform image (an OCI index of linux/amd64 and linux/arm64)
/// for each sidecar, written as an OCI layout and copied with skopeo into a real registry process under the sidecar's
/// own path and tag (sig-storage/csi-provisioner:v6.3.0 ...).
/// </summary>
public static class SidecarMirror
{
    public const string Upstream = "registry.k8s.io/";

    /// <summary>Copies an image for each registry.k8s.io sidecar of <paramref name="valuesYaml"/> to <paramref name="registry"/> and points the file at it; returns the references copied.</summary>
    public static IReadOnlyList<string> MirrorInto(string valuesYaml, string registry)
    {
        var text = File.ReadAllText(valuesYaml);
        var images = Build.Charts.SidecarDigests.Parse(text, valuesYaml)
            .Where(sidecar => sidecar.Repository.FullName.StartsWith(Upstream, StringComparison.Ordinal))
            .Select(sidecar => $"{registry}/{sidecar.Repository.Repository}:{sidecar.Tag}")
            .ToList();
        foreach (var image in images)
        {
            Push(image, multiPlatform: true);
        }

        File.WriteAllText(valuesYaml, text.Replace("repository: " + Upstream, $"repository: {registry}/", StringComparison.Ordinal));
        return images;
    }

    /// <summary>Pushes a tiny image (an index of two platforms, or one platform's manifest) to <paramref name="reference"/> (registry/path:tag).</summary>
    public static void Push(string reference, bool multiPlatform)
    {
        using var layout = new TempDirectory("sidecar-layout");
        var tag = reference[(reference.LastIndexOf(':') + 1)..];
        var blobs = layout.Combine("blobs", "sha256");
        Directory.CreateDirectory(blobs);
        (string Digest, long Size) Blob(byte[] content)
        {
            var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));
            File.WriteAllBytes(Path.Combine(blobs, digest["sha256:".Length..]), content);
            return (digest, content.Length);
        }

        JsonObject Descriptor(string mediaType, (string Digest, long Size) blob) => new() { ["mediaType"] = mediaType, ["digest"] = blob.Digest, ["size"] = blob.Size };

        JsonObject Manifest(string architecture)
        {
            var layer = Blob(Layer($"{reference} for {architecture}\n"));
            var diffId = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Uncompressed(layer.Digest, blobs)));
            var config = Blob(Encoding.UTF8.GetBytes(new JsonObject
            {
                ["architecture"] = architecture,
                ["os"] = "linux",
                ["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = new JsonArray(diffId) },
                ["config"] = new JsonObject(),
            }.ToJsonString()));
            var manifest = Blob(Encoding.UTF8.GetBytes(new JsonObject
            {
                ["schemaVersion"] = 2,
                ["mediaType"] = "application/vnd.oci.image.manifest.v1+json",
                ["config"] = Descriptor("application/vnd.oci.image.config.v1+json", config),
                ["layers"] = new JsonArray(Descriptor("application/vnd.oci.image.layer.v1.tar+gzip", layer)),
            }.ToJsonString()));
            var descriptor = Descriptor("application/vnd.oci.image.manifest.v1+json", manifest);
            descriptor["platform"] = new JsonObject { ["architecture"] = architecture, ["os"] = "linux" };
            return descriptor;
        }

        var top = multiPlatform
            ? Descriptor("application/vnd.oci.image.index.v1+json", Blob(Encoding.UTF8.GetBytes(new JsonObject
            {
                ["schemaVersion"] = 2,
                ["mediaType"] = "application/vnd.oci.image.index.v1+json",
                ["manifests"] = new JsonArray(Manifest("amd64"), Manifest("arm64")),
            }.ToJsonString())))
            : Manifest("amd64");
        top.Remove("platform");
        top["annotations"] = new JsonObject { ["org.opencontainers.image.ref.name"] = tag };
        File.WriteAllText(layout.Combine("oci-layout"), """{"imageLayoutVersion":"1.0.0"}""");
        File.WriteAllText(layout.Combine("index.json"), new JsonObject { ["schemaVersion"] = 2, ["manifests"] = new JsonArray(top) }.ToJsonString());

        var copy = Run.Process("skopeo", ["copy", "--quiet", "--all", "--preserve-digests", "--dest-tls-verify=false", $"oci:{layout.Path}:{tag}", "docker://" + reference]);
        Assert.That(copy.ExitCode, Is.EqualTo(0), copy.ToString());
    }

    private static byte[] Layer(string content)
    {
        using var tarBytes = new MemoryStream();
        using (var writer = new TarWriter(tarBytes, TarEntryFormat.Pax, leaveOpen: true))
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, "sidecar.txt") { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)) };
            writer.WriteEntry(entry);
        }

        using var gzipped = new MemoryStream();
        using (var gzip = new GZipStream(gzipped, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(tarBytes.ToArray());
        }

        return gzipped.ToArray();
    }

    private static byte[] Uncompressed(string digest, string blobs)
    {
        using var gzip = new GZipStream(File.OpenRead(Path.Combine(blobs, digest["sha256:".Length..])), CompressionMode.Decompress);
        using var plain = new MemoryStream();
        gzip.CopyTo(plain);
        return plain.ToArray();
    }
}
