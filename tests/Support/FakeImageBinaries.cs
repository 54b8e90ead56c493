using System.Text;
using Build.Binaries;
using Build.Configuration;

namespace Build.Tests.Support;

/// <summary>Stands in for the registry: every platform of <see cref="InMemoryContexts.Pushed"/> holds "driver for ARCH" at each path asked for.</summary>
public sealed class FakeImageBinaries : IImageBinaries
{
    public List<(ImageName Image, string Digest, string Paths)> Calls { get; } = [];

    public Task<IReadOnlyList<PlatformBinaries>> ExtractAsync(ImageName image, string indexDigest, IReadOnlyList<string> paths)
    {
        Calls.Add((image, indexDigest, string.Join(',', paths)));
        var wanted = paths.Count > 0 ? paths : ["/rds-csi-driver"];
        IReadOnlyList<PlatformBinaries> result = InMemoryContexts.Pushed.PlatformDigests
            .Select(platform => new PlatformBinaries(platform.Key, platform.Value, wanted.Select(path => new ImageFile(path, Encoding.UTF8.GetBytes("driver for " + platform.Key.Architecture))).ToList()))
            .ToList();
        return Task.FromResult(result);
    }
}
