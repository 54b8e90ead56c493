using System.Diagnostics;
using Build.Artifacts;
using Build.Images;
using Build.Preflight;
using Cake.Common.Diagnostics;

namespace Build.Tasks;

[TaskName("Push")]
[IsDependentOn(typeof(BuildTask))]
[TaskDescription("Pushes the image index once, points every tag at it, reads each tag back (artifacts/image.json); --push-by-digest pushes platform images by digest only, --from-digests=DIR merges them")]
public sealed class PushTask : AsyncFrostingTask<BuildContext>, IDeclaresNeeds
{
    public override string SkippedMessage => "the image of an earlier run of this version and commit is in place (see Build)";

    /// <summary>The registry; and the builder's push command unless this run merges digests pushed elsewhere.</summary>
    public TaskNeeds Needs(BuildContext context) => new()
    {
        Registry = true,
        Tools = context.Options.Split.FromDigests is null ? context.Services.Builder.PushTools(BuildPlan.NameOf<PushTask>()) : [],
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

        var published = context.Options.Split.FromDigests is { } directory
            ? await context.Services.Publisher.MergeAsync(directory, context.Tags)
            : await context.Services.Publisher.PublishAsync(context.Results.Image.Value, context.Tags);
        var pushed = published.Image;
        context.Results.Pushed.Set(pushed);
        context.Results.Artifacts.Add(published.WriteJson(context.Options.Layout.ImageJson, context.RequireVersion()));
        context.Services.State.Save(state => (state with
        {
            Image = new State.ImageState(pushed.Repository.FullName, pushed.IndexDigest, pushed.PlatformDigests.ToDictionary(pair => pair.Key.ToString(), pair => pair.Value), published.Builder),
        }).WithCompleted(BuildPlan.NameOf<PushTask>()));
        context.Information("Pushed {0} (tags: {1})", pushed.Reference, string.Join(", ", pushed.Tags));
    }

    /// <summary>
    /// --push-by-digest: each built platform's image goes to the registry by its digest only (no tag moves), and its
    /// digest to artifacts/digests/&lt;os&gt;-&lt;arch&gt; for the run that merges them (--from-digests).
    /// </summary>
    private async Task PushByDigestAsync(BuildContext context)
    {
        var watch = Stopwatch.StartNew();
        var pushed = await context.Services.Publisher.PushByDigestAsync(context.Results.Image.Value);
        context.Results.PushedByDigest.Set(pushed);
        var directory = context.Options.Split.DigestsDirectory;
        foreach (var (platform, digest) in pushed)
        {
            var file = directory.CombineWithFilePath(platform.FileName);
            DigestDirectory.Write(directory, platform, digest);
            context.Results.Artifacts.Add(new Artifact(ArtifactKind.Metadata, "digests/" + platform.FileName, file, digest));
            context.Information("Pushed {0} ({1}, by digest, no tag); its digest is in {2}", context.Options.Settings.Image.WithDigest(digest), platform, file.FullPath);
        }

        context.Information("Pushed {0} platform image(s) by digest in {1:0.0} s; merge them with ./build.sh --target=Release --{2}=DIR", pushed.Count, watch.Elapsed.TotalSeconds, Arguments.FromDigests);
    }
}
