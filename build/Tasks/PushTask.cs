using System.Diagnostics;
using Build.Artifacts;
using Build.Configuration;
using Build.Images;
using Build.Registry;
using Build.Tools.Buildah;
using Cake.Common.Diagnostics;

namespace Build.Tasks;

[TaskName("Push")]
[IsDependentOn(typeof(BuildTask))]
[TaskDescription("Pushes the image index once, points every tag at it, reads each tag back; writes artifacts/image.json")]
public sealed class PushTask : AsyncFrostingTask<BuildContext>
{
    public override string SkippedMessage => "the image of an earlier run of this version and commit is in place (see Build)";

    public override bool ShouldRun(BuildContext context) => context.Pushed is null;

    public override async Task RunAsync(BuildContext context)
    {
        var image = context.RequireImage();
        var repository = context.Settings.Image;
        context.WaitForRegistry();
        var tags = context.Tags;
        var watch = Stopwatch.StartNew();

        var indexDigest = image.Builder == ImageBuilder.Buildah
            ? PushIndex(context, image.LocalManifest!, repository.WithTag(tags[0]))
            : image.PushedDigest!;
        context.Information("Pushed the index {0} in {1:0.0} s", indexDigest, watch.Elapsed.TotalSeconds);

        // Every other tag gets the very bytes of the pushed index, so it cannot name another digest.
        var index = await context.ImageRegistry.GetManifestAsync(repository.Repository, indexDigest)
            ?? throw new InvalidOperationException($"The registry does not have the index it just received: {repository.WithDigest(indexDigest)}.");
        foreach (var tag in tags.Where(tag => image.Builder == ImageBuilder.Buildx || tag != tags[0]))
        {
            await context.ImageRegistry.PutManifestAsync(repository.Repository, tag, index.Content, index.MediaType);
        }

        var platforms = PlatformDigests(index, image.Platforms, repository.WithDigest(indexDigest));
        await VerifyTagsAsync(context, repository, tags, indexDigest);
        context.Pushed = new PushedImage(repository, indexDigest, tags, platforms);
        WriteImageJson(context, context.Pushed, image.Builder);
        context.SaveState(state => (state with
        {
            Image = new State.ImageState(repository.FullName, indexDigest, platforms.ToDictionary(pair => pair.Key.ToString(), pair => pair.Value), image.Builder.ToString().ToLowerInvariant()),
        }).WithCompleted("Push"));
        context.Information("Pushed {0} (tags: {1})", context.Pushed.Reference, string.Join(", ", tags));
    }

    /// <summary>
    /// buildah 1.28 exits 0 without writing the digest file when a registry request of `manifest push --all` fails (seen
    /// here with a 503 on a blob HEAD): an empty digest file is an incomplete push, retried like a transient failure.
    /// </summary>
    private static string PushIndex(BuildContext context, string manifest, string firstTag)
    {
        var digestFile = context.ArtifactsDirectory.CombineWithFilePath("image.digest");
        var store = BuildTask.BuildahStore(context);
        context.Information("Pushing {0} ({1})...", firstTag, string.Join(", ", context.Settings.Platforms));
        var retries = Resilience.Retries.Operations(
            context.RetrySettings,
            line => context.Warning("{0}", line),
            exception => exception is IncompletePushException || (exception is Tools.ToolFailedException failure && Resilience.Retries.IsTransient(failure)));
        return retries.Execute(() =>
        {
            File.Delete(digestFile.FullPath);
            context.BuildahManifestPush(new BuildahManifestPushSettings
            {
                Manifest = manifest,
                Destination = "docker://" + firstTag,
                DigestFile = digestFile,
                TlsVerify = !context.Settings.Image.IsLoopback,
                Credentials = context.RegistryCredentials,
                Root = store.Root,
                RunRoot = store.RunRoot,
                StorageDriver = store.Driver,
            });
            var digest = File.Exists(digestFile.FullPath) ? File.ReadAllText(digestFile.FullPath).Trim() : string.Empty;
            File.Delete(digestFile.FullPath);
            return OciDigest.IsSha256(digest)
                ? digest
                : throw new IncompletePushException($"buildah manifest push to {firstTag} ended without writing the pushed digest ('{digest}'): the push did not complete.");
        });
    }

    private sealed class IncompletePushException(string message) : Exception(message);

    private static Dictionary<Platform, string> PlatformDigests(ManifestResponse index, IReadOnlyList<Platform> expected, string reference)
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

    /// <summary>Reads every tag back from the registry: a tag on any other digest means the wrong image would be released.</summary>
    private static async Task VerifyTagsAsync(BuildContext context, ImageName repository, IReadOnlyList<string> tags, string indexDigest)
    {
        var wrong = new List<string>();
        foreach (var tag in tags)
        {
            var digest = await context.ImageRegistry.ResolveDigestAsync(repository.Repository, tag);
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

    private static void WriteImageJson(BuildContext context, PushedImage pushed, ImageBuilder builder)
    {
        var file = context.ArtifactsDirectory.CombineWithFilePath("image.json");
        JsonFile.Write(file, json =>
        {
            json.WriteString("repository", pushed.Repository.FullName);
            json.WriteString("digest", pushed.IndexDigest);
            json.WriteString("reference", pushed.Reference);
            json.WriteStartArray("tags");
            foreach (var tag in pushed.Tags)
            {
                json.WriteStringValue(tag);
            }

            json.WriteEndArray();
            json.WriteStartArray("platforms");
            foreach (var (platform, digest) in pushed.PlatformDigests)
            {
                json.WriteStartObject();
                json.WriteString("platform", platform.ToString());
                json.WriteString("digest", digest);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteString("builder", builder.ToString().ToLowerInvariant());
            json.WriteString("version", context.RequireVersion().Version.ToString());
            json.WriteString("commit", context.RequireVersion().Commit);
        });
        context.Artifacts.Add(new Artifact(ArtifactKind.Metadata, "image.json", file, pushed.IndexDigest));
    }
}
