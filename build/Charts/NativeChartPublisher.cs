using Build.Configuration;
using Build.Registry;
using Cake.Core.IO;

namespace Build.Charts;

/// <summary>The native backend, without helm: <see cref="ChartPackager"/> packages reproducibly, <see cref="OciChartPusher"/> pushes what helm push would.</summary>
public sealed class NativeChartPublisher(Func<OciRegistryClient> registry, ImageName image) : IChartPublisher
{
    public FilePath Package(DirectoryPath chart, DirectoryPath output, DateTimeOffset commitTime) =>
        new(ChartPackager.Package(chart.FullPath, output.FullPath, commitTime).Path);

    public async Task<PushedChart> PushAsync(FilePath package)
    {
        var pushed = await new OciChartPusher(registry()).PushAsync(package.FullPath, OciChartPusher.NamespaceOf(image.Repository));
        return new PushedChart($"{image.Registry}/{pushed.Repository}:{pushed.Tag}", pushed.Digest);
    }
}
