namespace Build.Registry;

/// <summary>A manifest as the registry serves it: the exact bytes, their media type and their digest.</summary>
public sealed record ManifestResponse(byte[] Content, string MediaType, string Digest)
{
    public bool IsIndex => OciMediaTypes.IsIndex(MediaType);

    public OciIndex AsIndex() => OciIndex.Parse(Content);

    public OciImageManifest AsImageManifest() => OciImageManifest.Parse(Content);
}
