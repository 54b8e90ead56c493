using System.Globalization;
using System.Text.RegularExpressions;
using Build.Configuration;
using Build.Tools.Git;
using Cake.Core.IO;
using Semver;

namespace Build.Versioning;

/// <summary>
/// Reads the version from git: a vX.Y.Z[-pre] tag on HEAD is the version; otherwise the highest version tag reachable
/// from HEAD with patch+1 (or, for a pre-release tag, the same pre-release) followed by -dev.N+sha, where N counts the
/// commits since that tag (0.1.0-dev.N+sha when there is no tag at all).
/// </summary>
public sealed partial class GitVersioner(GitRunner git, DirectoryPath repository)
{
    private const SemVersionStyles TagStyle = SemVersionStyles.AllowV;

    /// <param name="preferredTag">The tag a CI run was started for (GITHUB_REF_NAME); it wins when several version tags are on HEAD.</param>
    public ReleaseVersion Compute(string? preferredTag = null)
    {
        // Every tag with the commit it names (annotated tags peeled), in one call: the tags on HEAD are among them. It runs
        // beside the read of HEAD: the version is on the critical path of every run.
        var tagsRead = Task.Run(() => Lines("for-each-ref", "--format=%(refname:strip=2)%09%(objectname)%09%(*objectname)", "refs/tags"));

        // When HEAD cannot be read, its error is the one reported and the tags are never awaited: their failure is observed here.
        // Stryker disable once Bitwise : with no options the continuation also runs on success, where it reads a null Exception; the fault is observed either way
        _ = tagsRead.ContinueWith(static read => read.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        List<string> head;
        try
        {
            head = Lines("log", "-1", "--format=%H%n%ct");
        }
        catch (Tools.ToolFailedException exception) when (exception.Result.ErrorText.Contains("not a git repository", StringComparison.OrdinalIgnoreCase)
            || exception.Result.ErrorText.Contains("does not have any commits", StringComparison.OrdinalIgnoreCase))
        {
            throw new BuildConfigurationException($"'{repository.FullPath}' is not a git repository with commits: the version comes from git (tags on HEAD). Run in a clone of the repository, or pass --working=<repository>.");
        }

        if (head.Count < 2)
        {
            throw new BuildConfigurationException($"'{repository.FullPath}' has no commit to version; commit first (or pass --working=<repository>).");
        }

        var commit = head[0];
        var commitTime = DateTimeOffset.FromUnixTimeSeconds(long.Parse(head[1], CultureInfo.InvariantCulture));

        var tags = tagsRead.GetAwaiter().GetResult()
            .Select(line => line.Split('\t'))
            // The format prints three fields; the third (the commit an annotated tag peels to) is empty for a lightweight tag.
            .Select(parts => (Name: parts[0], Commit: parts[2].Length > 0 ? parts[2] : parts[1]))
            .ToList();
        var allTags = ParseVersionTags(tags.Select(tag => tag.Name), strict: false);
        var highestRelease = allTags.Where(tag => !tag.Version.IsPrerelease).Select(tag => tag.Version).MaxBy(v => v, SemVersion.PrecedenceComparer);

        var onHead = ParseVersionTags(tags.Where(tag => tag.Commit == commit).Select(tag => tag.Name), strict: true);
        if (onHead.Count > 0)
        {
            var chosen = onHead.FirstOrDefault(tag => tag.Name == preferredTag)
                ?? onHead.MaxBy(tag => tag.Version, SemVersion.PrecedenceComparer)!;
            // Only a release can rank with the highest release: a pre-release never has a release's precedence (and null ranks below all).
            var isHighest = chosen.Version.ComparePrecedenceTo(highestRelease) == 0;
            return new ReleaseVersion(chosen.Version, commit, commitTime, chosen.Name, isHighest);
        }

        var reachable = ParseVersionTags(Lines("tag", "--merged", "HEAD"), strict: false);
        var last = reachable.MaxBy(tag => tag.Version, SemVersion.PrecedenceComparer);
        var shortSha = commit[..7];
        SemVersion version;
        if (last is null)
        {
            var count = int.Parse(Lines("rev-list", "--count", "HEAD")[0], CultureInfo.InvariantCulture);
            version = SemVersion.ParsedFrom(0, 1, 0, $"dev.{count}", shortSha);
        }
        else
        {
            var count = int.Parse(Lines("rev-list", "--count", $"{last.Name}..HEAD")[0], CultureInfo.InvariantCulture);
            version = last.Version.IsPrerelease
                ? last.Version.WithoutMetadata().WithPrereleaseParsedFrom(last.Version.Prerelease + $".dev.{count}")
                : last.Version.WithoutMetadata().WithPatch(last.Version.Patch + 1).WithPrerelease("dev", count.ToString(CultureInfo.InvariantCulture));
            version = version.WithMetadataParsedFrom(shortSha);
        }

        return new ReleaseVersion(version, commit, commitTime, null, false);
    }

    /// <summary>Tracked changes or untracked files that are not ignored.</summary>
    public IReadOnlyList<string> UncommittedChanges() => Lines("status", "--porcelain");

    private List<VersionTag> ParseVersionTags(IEnumerable<string> tags, bool strict)
    {
        var result = new List<VersionTag>();
        foreach (var tag in tags.Where(tag => VersionLike().IsMatch(tag)))
        {
            if (SemVersion.TryParse(tag, TagStyle, out var version))
            {
                result.Add(new VersionTag(tag, version));
            }
            else if (strict)
            {
                throw new BuildConfigurationException(
                    $"Tag '{tag}' on HEAD is not a valid version: write release tags as vMAJOR.MINOR.PATCH[-PRERELEASE] (e.g. v1.2.3 or v1.2.3-rc.1); delete it with 'git tag -d {tag}' and tag again.");
            }
        }

        return result;
    }

    private List<string> Lines(params string[] arguments) =>
        git.Run(repository, arguments).Output.Where(line => line.Length != 0).ToList();

    private sealed record VersionTag(string Name, SemVersion Version);

    /// <summary>Tags that look like versions (v1..., 1...); others such as "nightly" are not version tags.</summary>
    [GeneratedRegex(@"^[vV]?[0-9]")]
    private static partial Regex VersionLike();
}
