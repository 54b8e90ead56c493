using Build.Configuration;
using Build.Registry;

namespace Build.Images;

/// <summary>One platform image pushed by digest, and the file that named it.</summary>
public sealed record PlatformDigest(Platform Platform, string Digest, string File);

/// <summary>
/// The digest files of a split release: artifacts/digests/&lt;os&gt;-&lt;arch&gt;[-&lt;variant&gt;] holds the digest a
/// --push-by-digest run pushed for that platform. CI moves them between jobs as workflow artifacts; the merging run
/// reads them all, from any depth of the folder it is given (download-artifact makes one sub-folder per artifact).
/// </summary>
public static class DigestDirectory
{
    public static void Write(Cake.Core.IO.DirectoryPath directory, Platform platform, string digest)
    {
        Directory.CreateDirectory(directory.FullPath);
        Releasing.FileWriter.WriteIfChanged(Path.Combine(directory.FullPath, platform.FileName), digest + "\n");
    }

    /// <summary>Exactly one digest per configured platform, in the configured order; every problem found is reported at once.</summary>
    public static IReadOnlyList<PlatformDigest> Read(string directory, IReadOnlyList<Platform> platforms)
    {
        const string Argument = "--" + Arguments.FromDigests;
        if (!Directory.Exists(directory))
        {
            throw new BuildConfigurationException($"{Argument}: the folder {directory} does not exist; give the folder where the digest files of the --{Arguments.PushByDigest} runs were collected.");
        }

        var byName = platforms.ToDictionary(platform => platform.FileName, StringComparer.Ordinal);
        var problems = new List<string>();
        var found = new List<PlatformDigest>();
        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file);
            var shown = Path.GetRelativePath(directory, file);
            if (name.StartsWith('.'))
            {
                continue;
            }

            if (!byName.TryGetValue(name, out var platform))
            {
                problems.Add($"{shown} names no configured platform ({SettingKeys.Platforms}: {string.Join(", ", platforms)}); digest files are named <os>-<arch>[-<variant>], e.g. {platforms[0].FileName}. Remove it, or configure that platform.");
                continue;
            }

            var lines = File.ReadAllLines(file).Select(line => line.Trim()).Where(line => line.Length > 0).ToList();
            if (lines.Count != 1)
            {
                problems.Add($"{shown} holds {lines.Count} digests; a digest file holds the one digest of its platform's image.");
                continue;
            }

            var digest = lines[0].StartsWith(OciDigest.Sha256Prefix, StringComparison.Ordinal) ? lines[0] : OciDigest.Sha256Prefix + lines[0];
            if (!OciDigest.IsSha256(digest))
            {
                problems.Add($"{shown} holds '{lines[0]}', which is not a sha256 digest (sha256:<64 hex digits>).");
                continue;
            }

            found.Add(new PlatformDigest(platform, digest, shown));
        }

        foreach (var group in found.GroupBy(item => item.Platform).Where(group => group.Count() > 1))
        {
            problems.Add($"duplicate platform {group.Key}: {string.Join(" and ", group.Select(item => $"{item.File} ({item.Digest})"))}; keep the digest file of the one build to release.");
        }

        foreach (var platform in platforms.Where(platform => found.All(item => item.Platform != platform)))
        {
            problems.Add($"missing platform {platform}: no digest file named {platform.FileName}; run ./build.sh --target=Push --{Arguments.Platform}={platform} --{Arguments.PushByDigest} and collect its artifacts/digests/{platform.FileName}.");
        }

        if (problems.Count > 0)
        {
            throw new BuildConfigurationException(problems.Select(problem => $"{Argument}={directory}: {problem}").ToList());
        }

        return platforms.Select(platform => found.Single(item => item.Platform == platform)).ToList();
    }
}
