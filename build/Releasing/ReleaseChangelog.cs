using Build.Configuration;
using Cake.Common.Diagnostics;

namespace Build.Releasing;

/// <summary>The release's CHANGELOG.md section: the Publish task's notes, checked early by the version preflight.</summary>
public static class ReleaseChangelog
{
    /// <summary>The CHANGELOG.md section of the version: required to publish; a rehearsal says it is missing and goes on.</summary>
    public static string Section(BuildContext context, string version)
    {
        var root = context.Options.RepositoryRoot;
        var file = root.CombineWithFilePath("CHANGELOG.md").FullPath;
        var section = File.Exists(file) || new FileInfo(file).LinkTarget is not null
            ? Changelog.SectionFor(SourceFiles.ReadAllText(root.FullPath, file), version)
            : null;
        if (section is not null)
        {
            return section;
        }

        if (context.Options.IsPublishing)
        {
            throw new BuildConfigurationException($"CHANGELOG.md has no section for {version}: add '## [{version}] - {DateTime.UtcNow:yyyy-MM-dd}' with what changed (Keep a Changelog), commit, and tag again.");
        }

        context.Warning("CHANGELOG.md has no section for {0}; the rehearsal's notes say so (publish mode would stop here)", version);
        return $"_CHANGELOG.md has no section for {version} (a rehearsal)._";
    }
}
