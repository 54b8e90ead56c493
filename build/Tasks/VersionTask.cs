using Build.Artifacts;
using Build.Configuration;
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
        var versioner = new GitVersioner(context.GitRunner(), context.Options.RepositoryRoot);
        var version = context.Services.VersionFromGit();
        if (context.Options.IsPublishing)
        {
            RequirePublishable(context, version, versioner);
        }

        await VersionPreflight.RunAsync(context, version);
        context.Results.Version.Set(version);
        var tags = context.Options.TagsOf(version);
        context.Information("Version {0}", version);
        context.Information("Tags {0}", string.Join(", ", tags));

        var file = context.Options.Layout.VersionJson;
        JsonFile.Write(file, json =>
        {
            json.WriteString("version", version.Version.ToString());
            json.WriteStartArray("tags");
            foreach (var tag in tags)
            {
                json.WriteStringValue(tag);
            }

            json.WriteEndArray();
            json.WriteString("commit", version.Commit);
            json.WriteString("commitTime", version.CommitTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteBoolean("prerelease", version.IsPrerelease);
            if (version.GitTag is not null)
            {
                json.WriteString("gitTag", version.GitTag);
            }

            json.WriteString("mode", context.Options.Mode.ToString().ToLowerInvariant());
        });
        context.Results.Artifacts.Add(new Artifact(ArtifactKind.Metadata, "version.json", file));
        RecordState(context, version, tags);
    }

    /// <summary>Continues the recorded state of this version and commit, or starts a new one.</summary>
    private static void RecordState(BuildContext context, ReleaseVersion version, IReadOnlyList<string> tags)
    {
        var recorded = context.Services.State.Recorded;
        var same = recorded is not null && recorded.Version == version.Version.ToString() && recorded.Commit == version.Commit;
        var state = same
            ? recorded! with { Tags = tags, Mode = context.Options.Mode.ToString().ToLowerInvariant() }
            : new State.ReleaseState
            {
                Version = version.Version.ToString(),
                Commit = version.Commit,
                CommitTime = version.CommitTime.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
                GitTag = version.GitTag,
                IsHighestRelease = version.IsHighestRelease,
                Tags = tags,
                Mode = context.Options.Mode.ToString().ToLowerInvariant(),
            };
        context.Services.State.Begin(state.WithCompleted(BuildPlan.NameOf<VersionTask>()));
    }

    private static void RequirePublishable(BuildContext context, ReleaseVersion version, GitVersioner versioner)
    {
        var problems = new List<string>();
        if (!version.IsTagged)
        {
            problems.Add($"Publish mode needs a version tag on HEAD ({version.ShortCommit} has none): tag the release commit (git tag -a v1.2.3 -m 'Release v1.2.3'), or rehearse without --mode=publish.");
        }
        else if (context.Options.GitHubActions.TagName is { } pushed && pushed != version.GitTag)
        {
            problems.Add($"This workflow run is for tag '{pushed}' (GITHUB_REF), but HEAD carries '{version.GitTag}': check out the pushed tag.");
        }

        var changes = versioner.UncommittedChanges();
        if (changes.Count > 0)
        {
            problems.Add($"Publish mode needs a clean work tree; uncommitted: {string.Join(", ", changes.Take(5).Select(line => line.Trim()))}{(changes.Count > 5 ? ", ..." : string.Empty)}. Commit or stash them.");
        }

        if (problems.Count > 0)
        {
            throw new BuildConfigurationException(problems);
        }
    }
}
