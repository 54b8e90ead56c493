using System.Text.Json;
using Build.Configuration;
using Build.Images;
using Build.Registry;
using Build.Tasks;
using Build.Versioning;

namespace Build.Preflight;

/// <summary>The checks that need the version, run by the Version task, still before anything is built or pushed.</summary>
public static class VersionPreflight
{
    public static async Task RunAsync(BuildContext context, ReleaseVersion version)
    {
        RequireSameCommitAsRecorded(context, version);
        if (context.IsPlanned("Release") && context.IsPublishing)
        {
            ReleaseTask.ChangelogSection(context, version.Text);
        }

        // An image this state recorded for this very version and commit is checked tag by tag when Build resumes.
        var recordedHere = context.RecordedState is { Image: not null } state && state.Version == version.Version.ToString() && state.Commit == version.Commit;
        if (context.IsPlanned("Push") && version.IsTagged && !recordedHere)
        {
            await RequireUnreleasedOrSameAsync(context, version);
        }
    }

    /// <summary>A version is released from one commit: the state of an earlier run of it from another commit stops this one.</summary>
    private static void RequireSameCommitAsRecorded(BuildContext context, ReleaseVersion version)
    {
        var recorded = context.RecordedState;
        if (recorded is not null && recorded.Version == version.Version.ToString() && recorded.Commit != version.Commit && !context.Force)
        {
            throw new BuildConfigurationException(
                $"{context.StateFile.FullPath} records release {recorded.Version} from commit {recorded.Commit[..7]}, but HEAD is {version.ShortCommit}: " +
                $"a version is released from one commit. Tag a new version, or pass --force to release {recorded.Version} from {version.ShortCommit}.");
        }
    }

    /// <summary>The version's tag in the registry, if any, must hold an image of this very commit (its revision label).</summary>
    private static async Task RequireUnreleasedOrSameAsync(BuildContext context, ReleaseVersion version)
    {
        var image = context.Settings.Image;
        var tag = ImageTags.Sanitize(version.Text);
        var existing = await context.ImageRegistry.GetManifestAsync(image.Repository, tag);
        if (existing is null)
        {
            return;
        }

        var revision = await RevisionAsync(context.ImageRegistry, image.Repository, existing);
        if (revision != version.Commit && !context.Force)
        {
            throw new BuildConfigurationException(
                $"{image.WithTag(tag)} is already released from another commit ({ImageLabels.Prefix}revision {revision ?? "unknown"}, not {version.Commit}): " +
                $"{version.Text} was released with different content. Release a new version; --force moves the tags (the old image stays by its digest).");
        }
    }

    private static async Task<string?> RevisionAsync(OciRegistryClient registry, string repository, ManifestResponse manifest)
    {
        var image = manifest.IsIndex
            ? await registry.GetManifestAsync(repository, manifest.AsIndex().Manifests.First(entry => entry.Platform is { Os: not "unknown" }).Digest)
            : manifest;
        if (image is null)
        {
            return null;
        }

        var config = await registry.GetBlobAsync(repository, image.AsImageManifest().Config);
        using var json = JsonDocument.Parse(config);
        return json.RootElement.TryGetProperty("config", out var runtime)
            && runtime.TryGetProperty("Labels", out var labels)
            && labels.ValueKind == JsonValueKind.Object
            && labels.TryGetProperty(ImageLabels.Prefix + "revision", out var revision)
            ? revision.GetString()
            : null;
    }
}
