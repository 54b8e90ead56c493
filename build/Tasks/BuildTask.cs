using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Build.Configuration;
using Build.Images;
using Build.Preflight;
using Build.Tools.Buildah;
using Build.Tools.Docker;
using Cake.Common.Diagnostics;

namespace Build.Tasks;

[TaskName("Build")]
[IsDependentOn(typeof(VersionTask))]
[TaskDescription("Builds the multi-arch image for every configured platform (buildah, or docker buildx where available)")]
public sealed class BuildTask : FrostingTask<BuildContext>, IDeclaresNeeds
{
    private static readonly string Name = BuildPlan.NameOf<BuildTask>();

    private string _skipped = string.Empty;

    public override string SkippedMessage => _skipped;

    /// <summary>The builder's command; none for a merge of platform images built elsewhere.</summary>
    public TaskNeeds Needs(BuildContext context) => context.Options.Split.FromDigests is not null
        ? TaskNeeds.None
        : new TaskNeeds { Tools = [context.Services.Builder == ImageBuilder.Buildx ? ToolRequirement.DockerBuildx(Name) : ToolRequirement.Buildah(Name)] };

    /// <summary>A re-run whose earlier push still holds has nothing to build; nor has a merge of platform images built elsewhere.</summary>
    public override bool ShouldRun(BuildContext context)
    {
        if (context.Options.Split.FromDigests is { } digests)
        {
            _skipped = $"--{Arguments.FromDigests}: the platform images were built and pushed by digest elsewhere ({digests.FullPath})";
            return false;
        }

        if (!context.Options.Plan.Has<PushTask>() || context.Options.Force || context.Options.Split.PushByDigest)
        {
            return true;
        }

        _skipped = context.Resumed.PushedReason;
        return context.Resumed.Pushed is null;
    }

    public override void Run(BuildContext context)
    {
        var version = context.RequireVersion();
        var settings = context.Options.Settings;
        var labels = ImageLabels.For(version, settings.Labels);
        var buildArguments = ImageLabels.BuildArguments(version);
        var watch = Stopwatch.StartNew();

        var image = context.Services.Builder == ImageBuilder.Buildx
            ? BuildWithBuildx(context, labels, buildArguments)
            : BuildWithBuildah(context, labels, buildArguments);
        context.Results.Image.Set(image);

        context.Information(
            "Built {0} for {1} with {2} in {3:0.0} s",
            image.LocalManifest ?? (image.PushedDigest is { } digest ? settings.Image.WithDigest(digest) : "the image (build cache only, nothing pushed)"),
            string.Join(", ", context.Options.Split.Platforms),
            context.Services.Builder.ToString().ToLowerInvariant(),
            watch.Elapsed.TotalSeconds);
    }

    /// <summary>One platform at a time, in the configured order, into one local manifest list: the index digest stays reproducible.</summary>
    private static BuiltImage BuildWithBuildah(BuildContext context, IReadOnlyDictionary<string, string> labels, IReadOnlyDictionary<string, string> buildArguments)
    {
        var settings = context.Options.Settings;
        var manifest = LocalManifestName(context);
        var store = BuildahStore.Of(settings);
        context.BuildahManifestRemove(new BuildahManifestRemoveSettings { Manifest = manifest, Root = store.Root, RunRoot = store.RunRoot, StorageDriver = store.Driver });

        foreach (var platform in context.Options.Split.Platforms)
        {
            var watch = Stopwatch.StartNew();
            context.Information("Building {0}...", platform);
            var build = new BuildahBuildSettings
            {
                Context = settings.ImageContext,
                Dockerfile = settings.Dockerfile,
                Platform = platform.ToString(),
                Manifest = manifest,
                Timestamp = context.RequireVersion().CommitTime.ToUnixTimeSeconds(),
                Pull = "missing",
                Root = store.Root,
                RunRoot = store.RunRoot,
                StorageDriver = store.Driver,
            };
            Copy(labels, build.Labels);
            Copy(buildArguments, build.BuildArgs);
            context.BuildahBuild(build);
            context.Information("Built {0} in {1:0.0} s", platform, watch.Elapsed.TotalSeconds);
        }

        return new BuiltImage(ImageBuilder.Buildah, context.Options.Split.Platforms, manifest, null);
    }

    /// <summary>buildx cannot keep a multi-platform image locally: it pushes the index by digest, untagged; Push tags it.</summary>
    private static BuiltImage BuildWithBuildx(BuildContext context, IReadOnlyDictionary<string, string> labels, IReadOnlyDictionary<string, string> buildArguments)
    {
        var settings = context.Options.Settings;
        var metadata = context.Options.Layout.BuildxMetadata;
        var build = new DockerBuildxBuildSettings
        {
            Context = settings.ImageContext,
            File = settings.Dockerfile,
            // Without Push in the run (Verify) buildx only builds; it cannot keep a multi-platform image locally.
            Output = context.Options.Plan.Has<PushTask>()
                ? $"type=image,name={settings.Image.FullName},push-by-digest=true,name-canonical=true,push=true,rewrite-timestamp=true"
                : "type=cacheonly",
            MetadataFile = metadata,
        };
        foreach (var platform in context.Options.Split.Platforms)
        {
            build.Platforms.Add(platform.ToString());
        }

        Copy(labels, build.Labels);
        Copy(buildArguments, build.BuildArgs);
        build.BuildArgs["SOURCE_DATE_EPOCH"] = context.RequireVersion().CommitTime.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        context.Information("Building {0} with docker buildx...", string.Join(", ", context.Options.Split.Platforms));
        context.DockerBuildxBuild(build);

        if (!context.Options.Plan.Has<PushTask>())
        {
            return new BuiltImage(ImageBuilder.Buildx, context.Options.Split.Platforms, null, null);
        }

        using var json = JsonDocument.Parse(File.ReadAllText(metadata.FullPath));
        var digest = json.RootElement.GetProperty("containerimage.digest").GetString()
            ?? throw new InvalidOperationException($"docker buildx wrote no containerimage.digest to {metadata.FullPath}.");
        return new BuiltImage(ImageBuilder.Buildx, context.Options.Split.Platforms, null, digest);
    }

    internal static string LocalManifestName(BuildContext context) => "localhost/rds-csi-release:" + context.RequireVersion().ShortCommit;

    private static void Copy(IReadOnlyDictionary<string, string> from, IDictionary<string, string> to)
    {
        foreach (var (key, value) in from)
        {
            to[key] = value;
        }
    }
}
