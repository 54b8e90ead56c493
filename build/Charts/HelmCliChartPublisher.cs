using Build.Configuration;
using Build.Tools.Helm;
using Cake.Core;
using Cake.Core.IO;

namespace Build.Charts;

/// <summary>The helm CLI backend: <c>helm lint --strict</c> and <c>helm package</c>, then <c>helm push</c> to the image's registry.</summary>
public sealed class HelmCliChartPublisher(ICakeContext context, ImageName image) : IChartPublisher
{
    public FilePath Package(DirectoryPath chart, DirectoryPath output, DateTimeOffset commitTime)
    {
        context.HelmLint(chart, new HelmLintSettings { Strict = true });
        return context.HelmPackage(chart, new HelmPackageSettings { Destination = output });
    }

    public Task<PushedChart> PushAsync(FilePath package)
    {
        var result = context.HelmPush(package, $"oci://{image.Registry}/{OciChartPusher.NamespaceOf(image.Repository)}", new HelmPushSettings { PlainHttp = image.IsLoopback });
        return Task.FromResult(new PushedChart(result.Reference, result.Digest));
    }
}
