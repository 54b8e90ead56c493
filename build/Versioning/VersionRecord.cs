using System.Globalization;
using Build.Artifacts;
using Build.Configuration;
using Build.State;
using Cake.Core.IO;

namespace Build.Versioning;

/// <summary>What the Version task decides and writes: whether a version may be published, version.json, and the release state it starts.</summary>
public static class VersionRecord
{
    /// <summary>
    /// Refuses to publish <paramref name="version"/> unless HEAD carries its version tag (the one the workflow was run
    /// for, in Actions) and the work tree is clean; <paramref name="uncommittedChanges"/> is asked only then.
    /// </summary>
    public static void RequirePublishable(ReleaseVersion version, string? workflowTag, Func<IReadOnlyList<string>> uncommittedChanges)
    {
        var problems = new List<string>();
        if (!version.IsTagged)
        {
            problems.Add($"Publish mode needs a version tag on HEAD ({version.ShortCommit} has none): tag the release commit (git tag -a v1.2.3 -m 'Release v1.2.3'), or rehearse without --mode=publish.");
        }
        else if (workflowTag is { } pushed && pushed != version.GitTag)
        {
            problems.Add($"This workflow run is for tag '{pushed}' (GITHUB_REF), but HEAD carries '{version.GitTag}': check out the pushed tag.");
        }

        var changes = uncommittedChanges();
        if (changes.Count > 0)
        {
            problems.Add($"Publish mode needs a clean work tree; uncommitted: {string.Join(", ", changes.Take(5).Select(line => line.Trim()))}{(changes.Count > 5 ? ", ..." : string.Empty)}. Commit or stash them.");
        }

        if (problems.Count > 0)
        {
            throw new BuildConfigurationException(problems);
        }
    }

    /// <summary>Writes artifacts/version.json: version, tags, commit and its time, prerelease, git tag, mode.</summary>
    public static void WriteJson(FilePath file, ReleaseVersion version, IReadOnlyList<string> tags, string mode) => JsonFile.Write(file, json =>
    {
        json.WriteString("version", version.Version.ToString());
        json.WriteStartArray("tags");
        foreach (var tag in tags)
        {
            json.WriteStringValue(tag);
        }

        json.WriteEndArray();
        json.WriteString("commit", version.Commit);
        json.WriteString("commitTime", version.CommitTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        json.WriteBoolean("prerelease", version.IsPrerelease);
        if (version.GitTag is not null)
        {
            json.WriteString("gitTag", version.GitTag);
        }

        json.WriteString("mode", mode);
    });

    /// <summary>The release state this run starts: the recorded one continued when it is of this version and commit, else a new one.</summary>
    public static ReleaseState StateOf(ReleaseState? recorded, ReleaseVersion version, IReadOnlyList<string> tags, string mode) =>
        recorded is not null && recorded.Version == version.Version.ToString() && recorded.Commit == version.Commit
            ? recorded with { Tags = tags, Mode = mode }
            : new ReleaseState
            {
                Version = version.Version.ToString(),
                Commit = version.Commit,
                CommitTime = version.CommitTime.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
                GitTag = version.GitTag,
                IsHighestRelease = version.IsHighestRelease,
                Tags = tags,
                Mode = mode,
            };
}
