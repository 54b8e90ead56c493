using Cake.Core;
using Cake.Core.IO;

namespace Build.Configuration;

/// <summary>
/// A release split over machines, the way buildx documents it for CI runners: each machine builds and pushes one
/// platform by digest (--platform=P --push-by-digest, no tags), and a last run merges the digests into the index that
/// the tags name (--from-digests=DIR). Without these arguments one machine builds every configured platform.
/// </summary>
public sealed record SplitBuildSettings(IReadOnlyList<Platform> Platforms, bool PushByDigest, DirectoryPath? FromDigests, DirectoryPath DigestsDirectory)
{
    /// <summary>True when --platform picked fewer platforms than the configured ones.</summary>
    public bool IsPartial { get; init; }

    /// <summary>The tasks after Push: they need the whole release, which a per-platform push does not make.</summary>
    public static readonly Type[] TasksAfterPush = [typeof(Tasks.SignTask), typeof(Tasks.SbomTask), typeof(Tasks.ScanTask), typeof(Tasks.HelmPackageTask), typeof(Tasks.PublishTask)];

    public static SplitBuildSettings Read(ICakeContext context, ReleaseSettings settings)
    {
        var arguments = context.Arguments;
        var platforms = settings.Platforms;
        var problems = new List<string>();
        var partial = false;
        if (arguments.HasArgument(Arguments.Platform))
        {
            var chosen = Platform.ParseList(arguments.GetArgument(Arguments.Platform), "--" + Arguments.Platform);
            var unknown = chosen.Where(platform => !settings.Platforms.Contains(platform)).ToList();
            if (unknown.Count > 0)
            {
                problems.Add($"--{Arguments.Platform}={string.Join(",", unknown)} is not one of the configured platforms ({SettingKeys.Platforms}: {string.Join(", ", settings.Platforms)}); pick one of those, or add it to [Release] Platforms in cake.config.");
            }

            // The configured order, so that the same platforms always make the same index.
            platforms = settings.Platforms.Where(chosen.Contains).ToList();
            partial = platforms.Count < settings.Platforms.Count;
        }

        var pushByDigest = IsSet(arguments, Arguments.PushByDigest);
        DirectoryPath? fromDigests = null;
        if (arguments.HasArgument(Arguments.FromDigests))
        {
            var value = arguments.GetArgument(Arguments.FromDigests);
            if (string.IsNullOrWhiteSpace(value) || value is "true")
            {
                problems.Add($"--{Arguments.FromDigests} needs a folder: --{Arguments.FromDigests}=DIR, where DIR holds one digest file per platform written by --push-by-digest (artifacts/digests/<os>-<arch>).");
            }
            else
            {
                fromDigests = new DirectoryPath(value).MakeAbsolute(context.Environment);
            }

            if (arguments.HasArgument(Arguments.Platform) || pushByDigest)
            {
                problems.Add($"--{Arguments.FromDigests} merges platform images that were already pushed; it does not go with --{Arguments.Platform} or --{Arguments.PushByDigest}, which build and push them.");
            }
        }

        if (problems.Count > 0)
        {
            throw new BuildConfigurationException(problems);
        }

        return new SplitBuildSettings(platforms, pushByDigest, fromDigests, new ArtifactLayout(settings.Artifacts).Digests) { IsPartial = partial };
    }

    /// <summary>The problems of this split with the tasks a run plans; empty when it makes sense.</summary>
    public IEnumerable<string> ProblemsWith(BuildPlan plan)
    {
        if (PushByDigest && TasksAfterPush.FirstOrDefault(plan.Has) is { } after)
        {
            yield return $"--{Arguments.PushByDigest} pushes platform images without tags for a later --{Arguments.FromDigests} run, so {BuildPlan.NameOf(after)} has nothing to work on: run it with --target=Push.";
        }

        if (IsPartial && plan.Has<Tasks.PushTask>() && !PushByDigest)
        {
            yield return $"--{Arguments.Platform}={string.Join(",", Platforms)} builds only part of the configured platforms; pushing that under the release tags would release an image without the others. Add --{Arguments.PushByDigest}, and merge the digests later with --{Arguments.FromDigests}=DIR.";
        }
    }

    private static bool IsSet(ICakeArguments arguments, string name) =>
        arguments.HasArgument(name) && arguments.GetArgument(name) is not ("false" or "0");
}
