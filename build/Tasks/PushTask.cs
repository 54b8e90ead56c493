using System.Diagnostics;
using Build.Artifacts;
using Build.Configuration;
using Build.Images;
using Build.Preflight;
using Build.Registry;
using Build.Tools.Buildah;
using Cake.Common.Diagnostics;

namespace Build.Tasks;

[TaskName("Push")]
[IsDependentOn(typeof(BuildTask))]
[TaskDescription("Pushes the image index once, points every tag at it, reads each tag back (artifacts/image.json); --push-by-digest pushes platform images by digest only, --from-digests=DIR merges them")]
public sealed class PushTask : AsyncFrostingTask<BuildContext>, IDeclaresNeeds
{
    public override string SkippedMessage => "the image of an earlier run of this version and commit is in place (see Build)";

    /// <summary>buildah pushes what it built; a merge of digests (--from-digests) and buildx's pushed index need only the registry.</summary>
    public TaskNeeds Needs(BuildContext context) => new()
    {
        Registry = true,
        Tools = context.Options.Split.FromDigests is null && context.Services.Builder == ImageBuilder.Buildah ? [ToolRequirement.Buildah(BuildPlan.NameOf<PushTask>())] : [],
    };

    /// <summary>The resume step found the image of an earlier run of this version and commit in place (and Build skipped).</summary>
    public override bool ShouldRun(BuildContext context) => context.Resumed.Pushed is null;

    public override async Task RunAsync(BuildContext context)
    {
        context.Services.WaitForRegistry();
        if (context.Options.Split.PushByDigest)
        {
            await PushByDigestAsync(context);
            return;
        }

        var repository = context.Options.Settings.Image;
        var tags = context.Tags;
        string indexDigest;
        string builder;
        var firstTagPushed = false;
        IReadOnlyList<Platform> platformsBuilt;
        if (context.Options.Split.FromDigests is { } directory)
        {
            indexDigest = await MergeDigestsAsync(context, directory.FullPath);
            builder = "merged";
            platformsBuilt = context.Options.Settings.Platforms;
        }
        else
        {
            var watch = Stopwatch.StartNew();
            var image = context.Results.Image.Value;
            firstTagPushed = image.Builder == ImageBuilder.Buildah;
            indexDigest = firstTagPushed ? PushIndex(context, image.LocalManifest!, repository.WithTag(tags[0])) : image.PushedDigest!;
            if (image.Builder == ImageBuilder.Buildah
                && await EmptyAnnotations.DropFromIndexAsync(context.Services.ImageRegistry, repository.Repository, indexDigest) is var clean && clean != indexDigest)
            {
                // The first tag names buildah's index for these few milliseconds; every tag gets the clean one below.
                context.Information("Dropped the empty base-image annotations buildah writes for FROM scratch: the index is {0}", clean);
                indexDigest = clean;
                firstTagPushed = false;
            }

            builder = image.Builder.ToString().ToLowerInvariant();
            platformsBuilt = image.Platforms;
            context.Information("Pushed the index {0} in {1:0.0} s", indexDigest, watch.Elapsed.TotalSeconds);
        }

        // Every other tag gets the very bytes of the pushed index, so it cannot name another digest.
        var index = await context.Services.ImageRegistry.GetManifestAsync(repository.Repository, indexDigest)
            ?? throw new InvalidOperationException($"The registry does not have the index it just received: {repository.WithDigest(indexDigest)}.");
        foreach (var tag in tags.Where(tag => !firstTagPushed || tag != tags[0]))
        {
            await context.Services.ImageRegistry.PutManifestAsync(repository.Repository, tag, index.Content, index.MediaType);
        }

        var platforms = PlatformDigests(index, platformsBuilt, repository.WithDigest(indexDigest));
        await VerifyTagsAsync(context, repository, tags, indexDigest);
        var pushed = new PushedImage(repository, indexDigest, tags, platforms);
        context.Results.Pushed.Set(pushed);
        WriteImageJson(context, pushed, builder);
        context.Services.State.Save(state => (state with
        {
            Image = new State.ImageState(repository.FullName, indexDigest, platforms.ToDictionary(pair => pair.Key.ToString(), pair => pair.Value), builder),
        }).WithCompleted(BuildPlan.NameOf<PushTask>()));
        context.Information("Pushed {0} (tags: {1})", pushed.Reference, string.Join(", ", tags));
    }

    /// <summary>
    /// --push-by-digest: each built platform's image goes to the registry by its digest only (no tag moves), and its
    /// digest to artifacts/digests/&lt;os&gt;-&lt;arch&gt; for the run that merges them (--from-digests).
    /// </summary>
    private static async Task PushByDigestAsync(BuildContext context)
    {
        var image = context.Results.Image.Value;
        var repository = context.Options.Settings.Image;
        var watch = Stopwatch.StartNew();
        IReadOnlyDictionary<Platform, string> pushed;
        if (image.Builder == ImageBuilder.Buildah)
        {
            var layout = context.Options.Layout.PushLayout(image.Platforms);
            if (Directory.Exists(layout.FullPath))
            {
                Directory.Delete(layout.FullPath, recursive: true);
            }

            Directory.CreateDirectory(layout.GetParent().FullPath);
            var store = BuildahStore.Of(context.Options.Settings);
            context.Information("Pushing {0} to {1} by digest...", string.Join(", ", image.Platforms), repository);
            context.BuildahManifestPush(new BuildahManifestPushSettings
            {
                Manifest = image.LocalManifest!,
                Destination = "oci:" + layout.FullPath,
                Root = store.Root,
                RunRoot = store.RunRoot,
                StorageDriver = store.Driver,
            });
            pushed = await PlatformImages.PushFromLayoutAsync(context.Services.ImageRegistry, repository.Repository, layout.FullPath, image.Platforms);
            Directory.Delete(layout.FullPath, recursive: true);
        }
        else
        {
            // buildx pushed by digest already: one platform's image, or an index of several whose entries are the platforms'.
            var reference = repository.WithDigest(image.PushedDigest!);
            var manifest = await context.Services.ImageRegistry.GetManifestAsync(repository.Repository, image.PushedDigest!)
                ?? throw new InvalidOperationException($"{reference} is not in the registry after docker buildx pushed it.");
            pushed = manifest.IsIndex
                ? PlatformDigests(manifest, image.Platforms, reference)
                : new Dictionary<Platform, string> { [image.Platforms.Single()] = manifest.Digest };
        }

        context.Results.PushedByDigest.Set(pushed);
        foreach (var (platform, digest) in pushed)
        {
            DigestDirectory.Write(context.Options.Split.DigestsDirectory, platform, digest);
            context.Results.Artifacts.Add(new Artifact(ArtifactKind.Metadata, "digests/" + platform.FileName, context.Options.Split.DigestsDirectory.CombineWithFilePath(platform.FileName), digest));
            context.Information("Pushed {0} ({1}, by digest, no tag); its digest is in {2}", repository.WithDigest(digest), platform, context.Options.Split.DigestsDirectory.CombineWithFilePath(platform.FileName).FullPath);
        }

        context.Information("Pushed {0} platform image(s) by digest in {1:0.0} s; merge them with ./build.sh --target=Release --{2}=DIR", pushed.Count, watch.Elapsed.TotalSeconds, Arguments.FromDigests);
    }

    /// <summary>
    /// --from-digests: every configured platform's digest, checked in the registry, merged into one index pushed by its
    /// digest; the tags follow in <see cref="RunAsync"/>. Any problem stops the run before a tag moves.
    /// </summary>
    private static async Task<string> MergeDigestsAsync(BuildContext context, string directory)
    {
        var repository = context.Options.Settings.Image;
        var digests = DigestDirectory.Read(directory, context.Options.Settings.Platforms);
        var entries = await PlatformImages.ResolveAsync(context.Services.ImageRegistry, repository, digests);
        var index = PlatformImages.Index(entries).ToJson();
        var digest = await context.Services.ImageRegistry.PutManifestAsync(repository.Repository, Registry.OciDigest.Sha256(index), index, OciMediaTypes.ImageIndex);
        context.Information(
            "Merged {0} into the index {1}",
            string.Join(", ", digests.Select(item => $"{item.Platform} {item.Digest}")),
            repository.WithDigest(digest));
        return digest;
    }

    /// <summary>
    /// buildah 1.28 exits 0 without writing the digest file when a registry request of `manifest push --all` fails (seen
    /// here with a 503 on a blob HEAD): an empty digest file is an incomplete push, retried like a transient failure.
    /// </summary>
    private static string PushIndex(BuildContext context, string manifest, string firstTag)
    {
        var digestFile = context.Options.Layout.ImageDigestFile;
        var store = BuildahStore.Of(context.Options.Settings);
        context.Information("Pushing {0} ({1})...", firstTag, string.Join(", ", context.Options.Settings.Platforms));
        var retries = Resilience.Retries.Operations(
            context.Options.RetrySettings,
            line => context.Warning("{0}", line),
            exception => exception is IncompletePushException || (exception is Tools.ToolFailedException failure && Resilience.Retries.IsTransient(failure)));
        using var auth = context.Services.NewRegistryAuthFile();
        return retries.Execute(() =>
        {
            File.Delete(digestFile.FullPath);
            context.BuildahManifestPush(new BuildahManifestPushSettings
            {
                Manifest = manifest,
                Destination = "docker://" + firstTag,
                DigestFile = digestFile,
                TlsVerify = !context.Options.Settings.Image.IsLoopback,
                AuthFile = auth is null ? null : new Cake.Core.IO.FilePath(auth.Path),
                EnvironmentVariables = auth?.ToolEnvironment ?? [],
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
            var digest = await context.Services.ImageRegistry.ResolveDigestAsync(repository.Repository, tag);
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

    private static void WriteImageJson(BuildContext context, PushedImage pushed, string builder)
    {
        var file = context.Options.Layout.ImageJson;
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
            json.WriteString("builder", builder);
            json.WriteString("version", context.RequireVersion().Version.ToString());
            json.WriteString("commit", context.RequireVersion().Commit);
        });
        context.Results.Artifacts.Add(new Artifact(ArtifactKind.Metadata, "image.json", file, pushed.IndexDigest));
    }
}
