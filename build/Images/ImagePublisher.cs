using System.Diagnostics;
using Build.Configuration;
using Build.Registry;
using Cake.Common.Diagnostics;
using Cake.Core;
using Cake.Core.IO;

namespace Build.Images;

/// <summary>
/// The registry side of Push, whatever built the image: the index goes up once (by the builder), every tag gets its
/// very bytes, and every tag is read back before anything is signed.
/// </summary>
public sealed class ImagePublisher(ICakeContext cake, Func<IImageBuilder> builder, ImageName repository, IReadOnlyList<Platform> configuredPlatforms, Func<OciRegistryClient> registry)
    : IImagePublisher
{
    public async Task<PublishedImage> PublishAsync(BuiltImage image, IReadOnlyList<string> tags)
    {
        var watch = Stopwatch.StartNew();
        var index = await builder().PushIndexAsync(image, repository, tags[0]);
        cake.Information("Pushed the index {0} in {1:0.0} s", index.Digest, watch.Elapsed.TotalSeconds);
        return await TagAsync(index.Digest, index.FirstTagNamesIt ? tags.Skip(1).ToList() : tags, tags, image.Platforms, image.Builder);
    }

    /// <summary>Every configured platform's digest, checked in the registry and merged into one index pushed by its digest: any problem stops the run before a tag moves.</summary>
    public async Task<PublishedImage> MergeAsync(DirectoryPath digests, IReadOnlyList<string> tags)
    {
        var found = DigestDirectory.Read(digests.FullPath, configuredPlatforms);
        var entries = await PlatformImages.ResolveAsync(registry(), repository, found);
        var index = PlatformImages.Index(entries).ToJson();
        var digest = await registry().PutManifestAsync(repository.Repository, OciDigest.Sha256(index), index, OciMediaTypes.ImageIndex);
        cake.Information(
            "Merged {0} into the index {1}",
            string.Join(", ", found.Select(item => $"{item.Platform} {item.Digest}")),
            repository.WithDigest(digest));
        return await TagAsync(digest, tags, tags, configuredPlatforms, "merged");
    }

    public Task<IReadOnlyDictionary<Platform, string>> PushByDigestAsync(BuiltImage image) => builder().PushPlatformsAsync(image, repository);

    /// <summary>Every tag in <paramref name="toPut"/> gets the very bytes of the pushed index, so it cannot name another digest; then all are read back.</summary>
    private async Task<PublishedImage> TagAsync(string indexDigest, IReadOnlyList<string> toPut, IReadOnlyList<string> tags, IReadOnlyList<Platform> platformsBuilt, string madeBy)
    {
        var index = await registry().GetManifestAsync(repository.Repository, indexDigest)
            ?? throw new InvalidOperationException($"The registry does not have the index it just received: {repository.WithDigest(indexDigest)}.");
        foreach (var tag in toPut)
        {
            await registry().PutManifestAsync(repository.Repository, tag, index.Content, index.MediaType);
        }

        var platforms = PlatformImages.DigestsIn(index, platformsBuilt, repository.WithDigest(indexDigest));
        await VerifyTagsAsync(tags, indexDigest);
        return new PublishedImage(new PushedImage(repository, indexDigest, tags, platforms), madeBy);
    }

    /// <summary>Reads every tag back from the registry: a tag on any other digest means the wrong image would be released.</summary>
    private async Task VerifyTagsAsync(IReadOnlyList<string> tags, string indexDigest)
    {
        var wrong = new List<string>();
        foreach (var tag in tags)
        {
            var digest = await registry().ResolveDigestAsync(repository.Repository, tag);
            if (digest != indexDigest)
            {
                wrong.Add($"{repository.WithTag(tag)} resolves to {digest ?? "nothing"}");
            }
        }

        if (wrong.Count > 0)
        {
            throw new InvalidOperationException($"Tags do not point at the pushed index {indexDigest}: {string.Join("; ", wrong)}. Something else pushed to these tags meanwhile; nothing was signed.");
        }
    }
}
