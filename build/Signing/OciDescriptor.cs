namespace Build.Signing;

/// <summary>An OCI content descriptor: what a manifest says about a blob.</summary>
public sealed record OciDescriptor(string MediaType, string Digest, long Size, IReadOnlyDictionary<string, string>? Annotations = null)
{
    public static OciDescriptor Of(string mediaType, byte[] content, IReadOnlyDictionary<string, string>? annotations = null) =>
        new(mediaType, Sha256Digest.Of(content), content.LongLength, annotations);

    /// <summary>As go-containerregistry marshals a descriptor: mediaType, size, digest, then annotations when there are any.</summary>
    internal string ToGoJson()
    {
        var members = new List<(string Name, string Json)>
        {
            ("mediaType", GoJson.Quote(MediaType)),
            ("size", Size.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("digest", GoJson.Quote(Digest)),
        };
        if (Annotations is { Count: > 0 })
        {
            members.Add(("annotations", GoJson.Map(Annotations)));
        }

        return GoJson.Struct([.. members]);
    }
}
