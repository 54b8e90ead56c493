namespace Build.Registry;

/// <summary>An OCI image index (also reads Docker manifest lists): one manifest per platform.</summary>
public sealed record OciIndex
{
    public int SchemaVersion { get; init; } = 2;

    public string? MediaType { get; init; } = OciMediaTypes.ImageIndex;

    public string? ArtifactType { get; init; }

    public required IReadOnlyList<OciDescriptor> Manifests { get; init; }

    public OciDescriptor? Subject { get; init; }

    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    /// <summary>The entry for <paramref name="platform"/>, or null when the index has none.</summary>
    public OciDescriptor? ManifestFor(OciPlatform platform) => Manifests.FirstOrDefault(manifest => manifest.Platform == platform);

    public static OciIndex Parse(ReadOnlySpan<byte> json)
    {
        var index = OciJson.Parse<OciIndex>(json, "OCI image index");
        if (index.SchemaVersion != 2)
        {
            throw new InvalidDataException($"The document is not an OCI image index: schemaVersion is {index.SchemaVersion}, not 2.");
        }

        if (index.MediaType is not null && !OciMediaTypes.IsIndex(index.MediaType))
        {
            throw new InvalidDataException($"The document is not an OCI image index: its mediaType is {index.MediaType}.");
        }

        return index;
    }

    public byte[] ToJson() => OciJson.Serialize(this);
}

/// <summary>The referrers of a manifest, and whether the registry's referrers API listed them (else the fallback tag did).</summary>
public sealed record Referrers(bool FromApi, IReadOnlyList<OciDescriptor> Manifests);
