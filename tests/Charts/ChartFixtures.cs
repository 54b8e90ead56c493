using Build.Tests.Support;

namespace Build.Tests.Charts;

/// <summary>The chart and manifests under tests/fixtures/charts (described in the README there).</summary>
public static class ChartFixtures
{
    public static string Directory { get; } = Path.Combine(BuildProgram.RepositoryRoot, "tests", "fixtures", "charts");

    /// <summary>The sample chart's directory (rds-csi-sample 0.3.1).</summary>
    public static string SampleChart { get; } = Path.Combine(Directory, "rds-csi-sample");

    public static string Read(string relative) => File.ReadAllText(Path.Combine(Directory, relative));

    /// <summary>Copies the sample chart into <paramref name="target"/>/rds-csi-sample and returns that directory.</summary>
    public static string CopySampleChart(string target)
    {
        var destination = Path.Combine(target, "rds-csi-sample");
        foreach (var file in System.IO.Directory.EnumerateFiles(SampleChart, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(destination, Path.GetRelativePath(SampleChart, file));
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }

        return destination;
    }
}
