namespace Build.Registry;

/// <summary>A reference to content by media type, digest and size, as manifests and indexes list it.</summary>
public sealed record OciDescriptor(string MediaType, string Digest, long Size)
{
    public string? ArtifactType { get; init; }

    /// <summary>Set on the entries of an index.</summary>
    public OciPlatform? Platform { get; init; }

    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    /// <summary>A descriptor of <paramref name="content"/>: its sha256 digest and length.</summary>
    public static OciDescriptor Of(string mediaType, ReadOnlySpan<byte> content) => new(mediaType, OciDigest.Sha256(content), content.Length);

    public static OciDescriptor Of(string mediaType, ReadOnlySpan<byte> content, IReadOnlyDictionary<string, string> annotations) =>
        Of(mediaType, content) with { Annotations = annotations };

    /// <summary>The empty JSON config that artifacts such as signatures and attestations point at.</summary>
    public static OciDescriptor EmptyJson { get; } = Of(OciMediaTypes.EmptyJson, OciDigest.EmptyJsonContent.Span);
}
