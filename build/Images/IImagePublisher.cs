using Build.Artifacts;
using Build.Configuration;
using Build.Versioning;
using Cake.Core.IO;

namespace Build.Images;

/// <summary>
/// Puts the image in the registry under the release's tags: the index the builder made, or a merge of platform
/// images pushed elsewhere by digest; or, for a split release, each platform image by digest only.
/// </summary>
public interface IImagePublisher
{
    /// <summary>The built index under every tag, each tag read back.</summary>
    Task<PublishedImage> PublishAsync(BuiltImage image, IReadOnlyList<string> tags);

    /// <summary>--from-digests: the platform images named in <paramref name="digests"/>, checked and merged into one index, under every tag.</summary>
    Task<PublishedImage> MergeAsync(DirectoryPath digests, IReadOnlyList<string> tags);

    /// <summary>--push-by-digest: each built platform's image by its digest, no tag moves.</summary>
    Task<IReadOnlyDictionary<Platform, string>> PushByDigestAsync(BuiltImage image);
}

/// <summary>What Push published, and how it was made ("buildah", "buildx", or "merged").</summary>
public sealed record PublishedImage(PushedImage Image, string Builder)
{
    /// <summary>artifacts/image.json: what a user or a later job reads to find the image.</summary>
    public Artifact WriteJson(FilePath file, ReleaseVersion version)
    {
        JsonFile.Write(file, json =>
        {
            json.WriteString("repository", Image.Repository.FullName);
            json.WriteString("digest", Image.IndexDigest);
            json.WriteString("reference", Image.Reference);
            json.WriteStartArray("tags");
            foreach (var tag in Image.Tags)
            {
                json.WriteStringValue(tag);
            }

            json.WriteEndArray();
            json.WriteStartArray("platforms");
            foreach (var (platform, digest) in Image.PlatformDigests)
            {
                json.WriteStartObject();
                json.WriteString("platform", platform.ToString());
                json.WriteString("digest", digest);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteString("builder", Builder);
            json.WriteString("version", version.Version.ToString());
            json.WriteString("commit", version.Commit);
        });
        return new Artifact(ArtifactKind.Metadata, "image.json", file, Image.IndexDigest);
    }
}
