using Cake.Core.IO;

namespace Build.Charts;

/// <summary>
/// Packages a chart folder and pushes the package to the image's registry as OCI. Two backends do this one job: the helm
/// CLI where it is installed (<see cref="HelmCliChartPublisher"/>), else the native packager and pusher
/// (<see cref="NativeChartPublisher"/>); the composition root picks one, the HelmPackage task does not branch on which.
/// </summary>
public interface IChartPublisher
{
    /// <summary>Packages <paramref name="chart"/> into <paramref name="output"/>; the native backend stamps every entry with <paramref name="commitTime"/>.</summary>
    FilePath Package(DirectoryPath chart, DirectoryPath output, DateTimeOffset commitTime);

    /// <summary>Pushes <paramref name="package"/> next to the image: oci://REGISTRY/NAMESPACE/NAME:VERSION.</summary>
    Task<PushedChart> PushAsync(FilePath package);
}

/// <summary>Where a chart went: REGISTRY/NAMESPACE/NAME:TAG and the manifest digest.</summary>
public sealed record PushedChart(string Reference, string Digest);
