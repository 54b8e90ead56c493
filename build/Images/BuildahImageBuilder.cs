using System.Diagnostics;
using Build.Configuration;
using Build.Preflight;
using Build.Registry;
using Build.Resilience;
using Build.Tools;
using Build.Tools.Buildah;
using Cake.Common.Diagnostics;
using Cake.Core;

namespace Build.Images;

/// <summary>
/// buildah: one platform at a time, in the configured order, into one local manifest list in the build's own store
/// (<see cref="BuildahStore"/>), so the index digest stays reproducible; pushing sends that list.
/// </summary>
public sealed class BuildahImageBuilder(ICakeContext cake, ReleaseSettings settings, ArtifactLayout layout, RetrySettings retries, Func<OciRegistryClient> registry, Func<RegistryAuthFile?> newAuthFile)
    : IImageBuilder
{
    private readonly BuildahStore _store = BuildahStore.Of(settings);

    public string Name => "buildah";

    public ToolRequirement BuildTool(string neededBy) => ToolRequirement.Buildah(neededBy);

    public IReadOnlyList<ToolRequirement> PushTools(string neededBy) => [ToolRequirement.Buildah(neededBy)];

    public BuiltImage Build(ImageBuildRequest request)
    {
        var manifest = "localhost/rds-csi-release:" + request.Version.ShortCommit;
        cake.BuildahManifestRemove(new BuildahManifestRemoveSettings { Manifest = manifest, Root = _store.Root, RunRoot = _store.RunRoot, StorageDriver = _store.Driver });
        foreach (var platform in request.Platforms)
        {
            var watch = Stopwatch.StartNew();
            cake.Information("Building {0}...", platform);
            var build = new BuildahBuildSettings
            {
                Context = settings.ImageContext,
                Dockerfile = settings.Dockerfile,
                Platform = platform.ToString(),
                Manifest = manifest,
                Timestamp = request.Version.CommitTime.ToUnixTimeSeconds(),
                Pull = "missing",
                Root = _store.Root,
                RunRoot = _store.RunRoot,
                StorageDriver = _store.Driver,
            };
            request.AddTo(build.Labels, build.BuildArgs);
            cake.BuildahBuild(build);
            cake.Information("Built {0} in {1:0.0} s", platform, watch.Elapsed.TotalSeconds);
        }

        return new BuiltImage(Name, request.Platforms, manifest, null);
    }

    /// <summary>
    /// Pushes the local manifest list to the first tag, then drops the empty base-image annotations buildah 1.28 writes
    /// for FROM scratch (<see cref="EmptyAnnotations"/>): the first tag then names buildah's index for a few
    /// milliseconds, until every tag gets the clean one.
    /// </summary>
    public async Task<PushedIndex> PushIndexAsync(BuiltImage image, ImageName repository, string firstTag)
    {
        var pushed = PushIndex(image.LocalManifest!, repository.WithTag(firstTag));
        var clean = await EmptyAnnotations.DropFromIndexAsync(registry(), repository.Repository, pushed);
        if (clean == pushed)
        {
            return new PushedIndex(pushed, FirstTagNamesIt: true);
        }

        cake.Information("Dropped the empty base-image annotations buildah writes for FROM scratch: the index is {0}", clean);
        return new PushedIndex(clean, FirstTagNamesIt: false);
    }

    /// <summary>Through an OCI layout: buildah writes the list there, and each platform's blobs and manifest go up by digest.</summary>
    public async Task<IReadOnlyDictionary<Platform, string>> PushPlatformsAsync(BuiltImage image, ImageName repository)
    {
        var directory = layout.PushLayout(image.Platforms);
        if (Directory.Exists(directory.FullPath))
        {
            Directory.Delete(directory.FullPath, recursive: true);
        }

        Directory.CreateDirectory(directory.GetParent().FullPath);
        cake.Information("Pushing {0} to {1} by digest...", string.Join(", ", image.Platforms), repository);
        cake.BuildahManifestPush(new BuildahManifestPushSettings
        {
            Manifest = image.LocalManifest!,
            Destination = "oci:" + directory.FullPath,
            Root = _store.Root,
            RunRoot = _store.RunRoot,
            StorageDriver = _store.Driver,
        });
        var pushed = await PlatformImages.PushFromLayoutAsync(registry(), repository.Repository, directory.FullPath, image.Platforms);
        Directory.Delete(directory.FullPath, recursive: true);
        return pushed;
    }

    /// <summary>
    /// buildah 1.28 exits 0 without writing the digest file when a registry request of `manifest push --all` fails (seen
    /// here with a 503 on a blob HEAD): an empty digest file is an incomplete push, retried like a transient failure.
    /// </summary>
    private string PushIndex(string manifest, string firstTag)
    {
        var digestFile = layout.ImageDigestFile;
        cake.Information("Pushing {0} ({1})...", firstTag, string.Join(", ", settings.Platforms));
        var pipeline = Retries.Operations(
            retries,
            line => cake.Warning("{0}", line),
            exception => exception is IncompletePushException || (exception is ToolFailedException failure && Retries.IsTransient(failure)));
        using var auth = newAuthFile();
        return pipeline.Execute(() =>
        {
            File.Delete(digestFile.FullPath);
            cake.BuildahManifestPush(new BuildahManifestPushSettings
            {
                Manifest = manifest,
                Destination = "docker://" + firstTag,
                DigestFile = digestFile,
                TlsVerify = !settings.Image.IsLoopback,
                AuthFile = auth is null ? null : new Cake.Core.IO.FilePath(auth.Path),
                EnvironmentVariables = auth?.ToolEnvironment ?? [],
                Root = _store.Root,
                RunRoot = _store.RunRoot,
                StorageDriver = _store.Driver,
            });
            var digest = File.Exists(digestFile.FullPath) ? File.ReadAllText(digestFile.FullPath).Trim() : string.Empty;
            File.Delete(digestFile.FullPath);
            return OciDigest.IsSha256(digest)
                ? digest
                : throw new IncompletePushException($"buildah manifest push to {firstTag} ended without writing the pushed digest ('{digest}'): the push did not complete.");
        });
    }

    private sealed class IncompletePushException(string message) : Exception(message);
}
