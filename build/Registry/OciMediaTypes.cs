namespace Build.Registry;

/// <summary>The manifest and blob media types the build reads and writes.</summary>
public static class OciMediaTypes
{
    public const string ImageIndex = "application/vnd.oci.image.index.v1+json";
    public const string ImageManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string ImageConfig = "application/vnd.oci.image.config.v1+json";
    public const string ImageLayer = "application/vnd.oci.image.layer.v1.tar+gzip";

    /// <summary>The config of an artifact that has none: the two bytes <c>{}</c>.</summary>
    public const string EmptyJson = "application/vnd.oci.empty.v1+json";

    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";

    /// <summary>Every manifest type the client accepts when it reads a manifest.</summary>
    public static readonly IReadOnlyList<string> Manifests = [ImageIndex, ImageManifest, DockerManifestList, DockerManifest];

    public static bool IsIndex(string mediaType) => mediaType is ImageIndex or DockerManifestList;
}
