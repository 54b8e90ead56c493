using Build.Charts;
using Build.Tests.Charts;

namespace Build.Tests.HelmRepository;

/// <summary>Packages of the sample chart (rds-csi-sample) for the Helm repository tests, made by the native packager.</summary>
public static class HelmCharts
{
    public static readonly DateTimeOffset CommitTime = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);

    /// <summary>rds-csi-sample-VERSION.tgz in <paramref name="folder"/>; another <paramref name="time"/> gives other bytes.</summary>
    public static string Package(string folder, string version, DateTimeOffset? time = null) =>
        ChartPackager.Package(ChartFixtures.SampleChart, Path.Combine(folder, version + (time is null ? "" : "-" + time.Value.ToUnixTimeSeconds())), time ?? CommitTime, new ChartPackageOptions { Version = version, AppVersion = version }).Path;

    public static string Sha256Sum(string file) => Support.Run.Process("sha256sum", [file], Path.GetDirectoryName(file)!).Output.Split(' ')[0];
}
