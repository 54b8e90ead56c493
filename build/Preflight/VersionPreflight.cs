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
        if (context.Options.Plan.Has<PublishTask>() && context.Options.IsPublishing)
        {
            Releasing.ReleaseChangelog.Section(context, version.Text);
        }

        // An image this state recorded for this very version and commit is checked tag by tag when Build resumes.
        var recordedHere = context.Services.State.Recorded is { Image: not null } state && state.Version == version.Version.ToString() && state.Commit == version.Commit;
        if (context.Options.Plan.Has<PushTask>() && version.IsTagged && !recordedHere)
        {
            await RequireUnreleasedOrSameAsync(context, version);
        }

        if (context.Options.Plan.Has<HelmPackageTask>())
        {
            await RequireChartTagUnreleasedOrSameAsync(context, version);
        }
    }

    /// <summary>
    /// The chart's OCI tag gets the image tags' guard: if it exists, the chart there must pin an image of this very commit
    /// (its revision label), or a release of this version from another commit would move it (--force does, on purpose).
    /// </summary>
    private static async Task RequireChartTagUnreleasedOrSameAsync(BuildContext context, ReleaseVersion version)
    {
        Charts.ChartMetadata chart;
        try
        {
            chart = Charts.ChartMetadata.Load(context.Options.Settings.Chart.FullPath);
        }
        catch (Charts.ChartException)
        {
            return; // the preflight reports the chart itself
        }

        var image = context.Options.Settings.Image;
        var (repository, tag) = Charts.OciChartPusher.Location(Charts.OciChartPusher.NamespaceOf(image.Repository), chart.Name, version.Text);
        var existing = await context.Services.ImageRegistry.GetManifestAsync(repository, tag);
        if (existing is null || existing.IsIndex || context.Options.Force)
        {
            return;
        }

        var layer = existing.AsImageManifest().Layers.FirstOrDefault(descriptor => descriptor.MediaType == Charts.OciChartPusher.ChartLayerMediaType);
        var values = layer is null ? null : Charts.OciChartPusher.ReadFile(await context.Services.ImageRegistry.GetBlobAsync(repository, layer.Digest), "values.yaml");
        var pinnedRepository = values is null ? null : Yaml.YamlScalarEditor.Get(values, ["image", "repository"]);
        var pinnedDigest = values is null ? null : Yaml.YamlScalarEditor.Get(values, ["image", "digest"]);
        string? revision = null;
        if (pinnedRepository is not null && pinnedDigest is not null && OciDigest.IsSha256(pinnedDigest)
            && pinnedRepository.StartsWith(image.Registry + "/", StringComparison.Ordinal)
            && await context.Services.ImageRegistry.GetManifestAsync(pinnedRepository[(image.Registry.Length + 1)..], pinnedDigest) is { } pinned)
        {
            revision = await RevisionAsync(context.Services.ImageRegistry, pinnedRepository[(image.Registry.Length + 1)..], pinned);
        }

        if (revision != version.Commit)
        {
            throw new BuildConfigurationException(
                $"oci://{image.Registry}/{repository}:{tag} is already released from another commit (its chart pins {pinnedRepository ?? "no image"}@{pinnedDigest ?? "-"}, " +
                $"{ImageLabels.Prefix}revision {revision ?? "unknown"}, not {version.Commit}): {version.Text} was released with different content. " +
                "Release a new version; --force moves the chart's tag (the old chart stays by its digest).");
        }
    }

    /// <summary>A version is released from one commit: the state of an earlier run of it from another commit stops this one.</summary>
    private static void RequireSameCommitAsRecorded(BuildContext context, ReleaseVersion version)
    {
        var recorded = context.Services.State.Recorded;
        if (recorded is not null && recorded.Version == version.Version.ToString() && recorded.Commit != version.Commit && !context.Options.Force)
        {
            throw new BuildConfigurationException(
                $"{context.Services.State.File.FullPath} records release {recorded.Version} from commit {recorded.Commit[..7]}, but HEAD is {version.ShortCommit}: " +
                $"a version is released from one commit. Tag a new version, or pass --force to release {recorded.Version} from {version.ShortCommit}.");
        }
    }

    /// <summary>The version's tag in the registry, if any, must hold an image of this very commit (its revision label).</summary>
    private static async Task RequireUnreleasedOrSameAsync(BuildContext context, ReleaseVersion version)
    {
        var image = context.Options.Settings.Image;
        var tag = ImageTags.Sanitize(version.Text);
        var existing = await context.Services.ImageRegistry.GetManifestAsync(image.Repository, tag);
        if (existing is null)
        {
            return;
        }

        var revision = await RevisionAsync(context.Services.ImageRegistry, image.Repository, existing);
        if (revision != version.Commit && !context.Options.Force)
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
