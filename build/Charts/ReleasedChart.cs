using Build.Artifacts;
using Build.Images;
using Build.Releasing;
using Build.Yaml;
using Cake.Core.IO;

namespace Build.Charts;

/// <summary>
/// The chart as it is released: a fresh copy of the committed chart (the committed files are never edited) with version,
/// appVersion and the pushed image set, and its sidecars pinned by digest. Links inside it become their targets' content.
/// </summary>
public static class ReleasedChart
{
    public static async Task<DirectoryPath> CopyAsync(BuildContext context, ChartMetadata committed, string version, PushedImage pushed)
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
        return copy;
    }

    /// <summary>How the released copy's Chart.yaml and values.yaml differ from the committed ones (what --bump-chart shows).</summary>
    public static string Changes(DirectoryPath source, DirectoryPath copy) =>
        TextDiff.Changes("Chart.yaml", File.ReadAllText(ChartYaml(source)), File.ReadAllText(ChartYaml(copy)))
        + TextDiff.Changes("values.yaml", File.ReadAllText(ValuesYaml(source)), File.ReadAllText(ValuesYaml(copy)));

    private static string ChartYaml(DirectoryPath chart) => chart.CombineWithFilePath("Chart.yaml").FullPath;

    private static string ValuesYaml(DirectoryPath chart) => chart.CombineWithFilePath("values.yaml").FullPath;
}
