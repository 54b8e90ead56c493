using Build.Configuration;

namespace Build.Binaries;

/// <summary>A file read from an image: the path asked for and its content.</summary>
public sealed record ImageFile(string Path, byte[] Content);

/// <summary>The binaries of one platform image of an index.</summary>
public sealed record PlatformBinaries(Platform Platform, string Digest, IReadOnlyList<ImageFile> Files);

/// <summary>Reads files out of the platform images of a pushed index, from the registry (no container runtime).</summary>
public interface IImageBinaries
{
    /// <summary>
    /// For every platform image of the index <paramref name="indexDigest"/>, the files at <paramref name="paths"/> (absolute
    /// paths inside the image; none: the image's entrypoint), in the index's order.
    /// </summary>
    Task<IReadOnlyList<PlatformBinaries>> ExtractAsync(ImageName image, string indexDigest, IReadOnlyList<string> paths);
}
