namespace Build.Registry;

/// <summary>An OCI image manifest (also reads Docker v2 manifests, which have the same shape).</summary>
public sealed record OciImageManifest
{
    public int SchemaVersion { get; init; } = 2;

    public string? MediaType { get; init; } = OciMediaTypes.ImageManifest;

    public string? ArtifactType { get; init; }

    public required OciDescriptor Config { get; init; }

    public IReadOnlyList<OciDescriptor> Layers { get; init; } = [];

    /// <summary>The manifest this one refers to (OCI 1.1 referrers: signatures, attestations).</summary>
    public OciDescriptor? Subject { get; init; }

    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    public static OciImageManifest Parse(ReadOnlySpan<byte> json)
    {
        var manifest = OciJson.Parse<OciImageManifest>(json, "OCI image manifest");
        if (manifest.SchemaVersion != 2)
        {
            throw new InvalidDataException($"The document is not an OCI image manifest: schemaVersion is {manifest.SchemaVersion}, not 2.");
        }

        if (manifest.MediaType is not null and not OciMediaTypes.ImageManifest and not OciMediaTypes.DockerManifest)
        {
            throw new InvalidDataException($"The document is not an OCI image manifest: its mediaType is {manifest.MediaType}.");
        }

        return manifest;
    }

    /// <summary>The compact JSON bytes that are pushed and digested.</summary>
    public byte[] ToJson() => OciJson.Serialize(this);
}
