using System.Diagnostics;
using Build.Artifacts;
using Build.Configuration;
using Build.Images;
using Build.Tools.Buildah;
using Build.Tools.Skopeo;
using Cake.Common.Diagnostics;
using Cake.Core.IO;

namespace Build.Tasks;

[TaskName("Push")]
[IsDependentOn(typeof(BuildTask))]
[TaskDescription("Pushes the image index once, points every tag at it, reads each tag back; writes artifacts/image.json")]
public sealed class PushTask : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var image = context.RequireImage();
        var repository = context.Settings.Image;
        var tags = context.Tags;
        var tlsVerify = !repository.IsLoopback;
        var watch = Stopwatch.StartNew();

        var indexDigest = image.Builder == ImageBuilder.Buildah
            ? PushIndex(context, image.LocalManifest!, repository.WithTag(tags[0]), tlsVerify)
            : image.PushedDigest!;
        context.Information("Pushed the index {0} in {1:0.0} s", indexDigest, watch.Elapsed.TotalSeconds);

        foreach (var tag in image.Builder == ImageBuilder.Buildah ? tags.Skip(1) : tags)
        {
            context.SkopeoCopy(new SkopeoCopySettings
            {
                Source = "docker://" + repository.WithDigest(indexDigest),
                Destination = "docker://" + repository.WithTag(tag),
                SourceTlsVerify = tlsVerify,
                DestinationTlsVerify = tlsVerify,
                SourceCredentials = context.RegistryCredentials,
                DestinationCredentials = context.RegistryCredentials,
            });
        }

        var index = context.SkopeoInspect(new SkopeoInspectSettings { Image = "docker://" + repository.WithDigest(indexDigest), Raw = true, TlsVerify = tlsVerify, Credentials = context.RegistryCredentials });
        var platforms = OciIndex.PlatformDigests(index.OutputText, repository.WithDigest(indexDigest));
        var absent = image.Platforms.Where(platform => !platforms.ContainsKey(platform)).ToList();
        if (absent.Count > 0)
        {
            throw new InvalidOperationException($"The pushed index {repository.WithDigest(indexDigest)} lacks {string.Join(", ", absent)}; it lists {string.Join(", ", platforms.Keys)}.");
        }

        VerifyTags(context, repository, tags, indexDigest, tlsVerify);
        context.Pushed = new PushedImage(repository, indexDigest, tags, image.Platforms.ToDictionary(platform => platform, platform => platforms[platform]));
        WriteImageJson(context, context.Pushed, image.Builder);
        context.Information("Pushed {0} (tags: {1})", context.Pushed.Reference, string.Join(", ", tags));
    }

    private static string PushIndex(BuildContext context, string manifest, string firstTag, bool tlsVerify)
    {
        var digestFile = context.ArtifactsDirectory.CombineWithFilePath("image.digest");
        var store = BuildTask.BuildahStore(context);
        context.Information("Pushing {0} ({1})...", firstTag, string.Join(", ", context.Settings.Platforms));
        context.BuildahManifestPush(new BuildahManifestPushSettings
        {
            Manifest = manifest,
            Destination = "docker://" + firstTag,
            DigestFile = digestFile,
            TlsVerify = tlsVerify,
            Credentials = context.RegistryCredentials,
            Root = store.Root,
            RunRoot = store.RunRoot,
            StorageDriver = store.Driver,
        });
        var digest = File.ReadAllText(digestFile.FullPath).Trim();
        File.Delete(digestFile.FullPath);
        return digest.StartsWith("sha256:", StringComparison.Ordinal) && digest.Length == 71
            ? digest
            : throw new InvalidOperationException($"buildah wrote '{digest}' as the pushed digest, which is not a sha256 digest.");
    }

    /// <summary>Reads every tag back from the registry: a tag on any other digest means the wrong image would be released.</summary>
    private static void VerifyTags(BuildContext context, ImageName repository, IReadOnlyList<string> tags, string indexDigest, bool tlsVerify)
    {
        var wrong = new List<string>();
        foreach (var tag in tags)
        {
            var digest = context.SkopeoInspect(new SkopeoInspectSettings
            {
                Image = "docker://" + repository.WithTag(tag),
                Format = "{{.Digest}}",
                TlsVerify = tlsVerify,
                Credentials = context.RegistryCredentials,
            }).OutputText.Trim();
            if (digest != indexDigest)
            {
                wrong.Add($"{repository.WithTag(tag)} resolves to {digest}");
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
