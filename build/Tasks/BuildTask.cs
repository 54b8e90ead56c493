using System.Diagnostics;
using Build.Images;
using Build.Preflight;
using Cake.Common.Diagnostics;

namespace Build.Tasks;

[TaskName("Build")]
[IsDependentOn(typeof(VersionTask))]
[TaskDescription("Builds the multi-arch image for every configured platform (buildah, or docker buildx where available)")]
public sealed class BuildTask : FrostingTask<BuildContext>, IDeclaresNeeds
{
    private string _skipped = string.Empty;

    public override string SkippedMessage => _skipped;

    /// <summary>The builder's command; none for a merge of platform images built elsewhere.</summary>
    public TaskNeeds Needs(BuildContext context) => context.Options.Split.FromDigests is not null
        ? TaskNeeds.None
        : new TaskNeeds { Tools = [context.Services.Builder.BuildTool(BuildPlan.NameOf<BuildTask>())] };

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
        var watch = Stopwatch.StartNew();
        var settings = context.Options.Settings;
        var builder = context.Services.Builder;
        var request = new ImageBuildRequest(context.RequireVersion(), settings.Labels, context.Options.Split.Platforms, Pushes: context.Options.Plan.Has<PushTask>());
        var image = builder.Build(request);
        context.Results.Image.Set(image);

        context.Information(
            "Built {0} for {1} with {2} in {3:0.0} s",
            image.LocalManifest ?? (image.PushedDigest is { } digest ? settings.Image.WithDigest(digest) : "the image (build cache only, nothing pushed)"),
            string.Join(", ", request.Platforms),
            builder.Name,
            watch.Elapsed.TotalSeconds);
    }
}
