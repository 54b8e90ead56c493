using Build.Configuration;
using Build.Images;
using Build.Versioning;

namespace Build.State;

/// <summary>
/// Picks up what an earlier run of the same version and commit finished, after checking it still holds in the registry,
/// so a re-run skips finished work and a single task runs with --exclusive.
/// </summary>
public static class Resume
{
    /// <summary>The version from git, when the Version task did not run in this run (--exclusive).</summary>
    public static ReleaseVersion Version(BuildContext context)
    {
        var version = context.VersionFromGit();
        context.Version = version;
        context.Tags = ImageTags.For(version, context.Settings.Latest);
        return version;
    }

    /// <summary>
    /// The image an earlier run pushed for this version and commit, when every tag still points at its index and the index
    /// still lists every platform; null (with the reason) otherwise.
    /// </summary>
    public static PushedImage? PushedImage(BuildContext context, out string reason)
    {
        var version = context.Version ?? Version(context);
        var state = context.RecordedState;
        if (state?.Image is not { } recorded || state.Version != version.Version.ToString() || state.Commit != version.Commit)
        {
            reason = "no earlier run of this version and commit pushed an image";
            return null;
        }

        var repository = context.Settings.Image;
        if (recorded.Repository != repository.FullName)
        {
            reason = $"the earlier run pushed to {recorded.Repository}, not {repository}";
            return null;
        }

        var registry = context.ImageRegistry;
        foreach (var tag in context.Tags)
        {
            var digest = registry.ResolveDigestAsync(repository.Repository, tag).GetAwaiter().GetResult();
            if (digest != recorded.IndexDigest)
            {
                reason = $"{repository.WithTag(tag)} no longer points at {recorded.IndexDigest} (it is {digest ?? "gone"})";
                return null;
            }
        }

        var platforms = recorded.Platforms.ToDictionary(pair => Platform.Parse(pair.Key, context.StateFile.FullPath), pair => pair.Value);
        if (context.Settings.Platforms.Any(platform => !platforms.ContainsKey(platform)))
        {
            reason = $"the earlier run pushed {string.Join(", ", platforms.Keys)}, not every configured platform";
            return null;
        }

        reason = $"already pushed {repository.WithDigest(recorded.IndexDigest)} from this commit; every tag still points at it";
        return new PushedImage(repository, recorded.IndexDigest, context.Tags, platforms);
    }
}
