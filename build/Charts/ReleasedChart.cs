using Build.Artifacts;
using Build.Images;
using Build.Releasing;
using Build.Yaml;
using Cake.Common.Diagnostics;
using Cake.Core.IO;

namespace Build.Charts;

/// <summary>
/// The chart as it is released: a fresh copy of the committed chart (the committed files are never edited) with version,
/// appVersion and the pushed image set, and its sidecars pinned by digest. Links inside it become their targets' content.
/// </summary>
public static class ReleasedChart
{
    /// <param name="signKey">fingerprint and URL of the key that signs the chart's .prov (Artifact Hub's signKey), or null.</param>
    public static async Task<DirectoryPath> CopyAsync(BuildContext context, ChartMetadata committed, string version, PushedImage pushed, (string Fingerprint, string Url)? signKey = null)
    {
        var source = context.Options.Settings.Chart;
        var copy = context.Options.Layout.ChartCopy(committed.Name);
        MadeFolders.Recreate(context.Options.Layout.Root.FullPath, copy.FullPath);
        foreach (var (relative, file) in SourceFiles.EnumerateFiles(source.FullPath))
        {
            var destination = System.IO.Path.Combine(copy.FullPath, relative);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
            File.SetLastWriteTimeUtc(destination, File.GetLastWriteTimeUtc(file));
        }

        YamlScalarEditor.SetManyInFile(ChartYaml(copy), [(["version"], version), (["appVersion"], version)]);
        YamlScalarEditor.SetManyInFile(ValuesYaml(copy), [
            (["image", "repository"], pushed.Repository.FullName),
            (["image", "tag"], pushed.Tags[0]),
            (["image", "digest"], pushed.IndexDigest),
        ]);
        await context.PinSidecarDigestsAsync(ValuesYaml(copy));
        var (annotated, kept) = ArtifactHubAnnotations.Apply(File.ReadAllText(ChartYaml(copy)), ArtifactHubAnnotations.For(ArtifactHubFactsOf(context, version, pushed, ValuesYaml(copy), signKey)), ChartYaml(copy));
        File.WriteAllText(ChartYaml(copy), annotated);
        foreach (var key in kept)
        {
            context.Information("Chart.yaml's committed annotation {0} is kept as it is", key);
        }

        return copy;
    }

    /// <summary>What Artifact Hub shows of this release: the images (pinned sidecars by digest), the changelog section, license, links.</summary>
    private static ArtifactHubFacts ArtifactHubFactsOf(BuildContext context, string version, PushedImage pushed, string valuesYaml, (string Fingerprint, string Url)? signKey)
    {
        var options = context.Options;
        var images = new List<(string, string)> { (pushed.Repository.Repository.Split('/')[^1], $"{pushed.Repository.WithTag(pushed.Tags[0])}@{pushed.IndexDigest}") };
        images.AddRange(SidecarDigests.Read(valuesYaml).Select(sidecar => (sidecar.Repository.Repository.Split('/')[^1], sidecar.Digest is { } digest ? $"{sidecar.Reference}@{digest}" : sidecar.Reference)));
        var changelog = options.RepositoryRoot.CombineWithFilePath("CHANGELOG.md").FullPath;
        var section = File.Exists(changelog) ? Changelog.SectionFor(SourceFiles.ReadAllText(options.RepositoryRoot.FullPath, changelog), version) : null;
        var repository = $"https://github.com/{options.GitHub.Owner}/{options.GitHub.Repository}";
        return new ArtifactHubFacts(
            images,
            section,
            options.Settings.Labels.Licenses,
            Semver.SemVersion.Parse(version, Semver.SemVersionStyles.Strict).IsPrerelease,
            signKey,
            [new ArtifactHubLink("source", options.Settings.Labels.Source), new ArtifactHubLink("release notes", $"{repository}/releases/tag/v{version}")]);
    }

    /// <summary>How the released copy's Chart.yaml and values.yaml differ from the committed ones (what --bump-chart shows).</summary>
    public static string Changes(DirectoryPath source, DirectoryPath copy) =>
        TextDiff.Changes("Chart.yaml", File.ReadAllText(ChartYaml(source)), File.ReadAllText(ChartYaml(copy)))
        + TextDiff.Changes("values.yaml", File.ReadAllText(ValuesYaml(source)), File.ReadAllText(ValuesYaml(copy)));

    private static string ChartYaml(DirectoryPath chart) => chart.CombineWithFilePath("Chart.yaml").FullPath;

    private static string ValuesYaml(DirectoryPath chart) => chart.CombineWithFilePath("values.yaml").FullPath;
}
