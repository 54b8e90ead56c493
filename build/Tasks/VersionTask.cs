using Build.Artifacts;
using Build.Preflight;
using Build.Tools.Git;
using Build.Versioning;
using Cake.Common.Diagnostics;

namespace Build.Tasks;

[TaskName("Version")]
[TaskDescription("Computes the version and image tags from git; writes artifacts/version.json")]
public sealed class VersionTask : AsyncFrostingTask<BuildContext>, IDeclaresNeeds
{
    public TaskNeeds Needs(BuildContext context) => new() { Tools = [ToolRequirement.Git(BuildPlan.NameOf<VersionTask>())] };

    public override async Task RunAsync(BuildContext context)
    {
        var version = context.Services.VersionFromGit();
        if (context.Options.IsPublishing)
        {
            VersionRecord.RequirePublishable(version, context.Options.GitHubActions.TagName, () => new GitVersioner(context.GitRunner(), context.Options.RepositoryRoot).UncommittedChanges());
        }

        await VersionPreflight.RunAsync(context, version);
        context.Results.Version.Set(version);
        var tags = context.Options.TagsOf(version);
        context.Information("Version {0}", version);
        context.Information("Tags {0}", string.Join(", ", tags));

        var mode = context.Options.Mode.ToString().ToLowerInvariant();
        VersionRecord.WriteJson(context.Options.Layout.VersionJson, version, tags, mode);
        context.Results.Artifacts.Add(new Artifact(ArtifactKind.Metadata, "version.json", context.Options.Layout.VersionJson));
        context.Services.State.Begin(VersionRecord.StateOf(context.Services.State.Recorded, version, tags, mode).WithCompleted(BuildPlan.NameOf<VersionTask>()));
    }
}
