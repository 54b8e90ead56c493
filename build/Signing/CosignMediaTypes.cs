namespace Build.Signing;

/// <summary>The media types of cosign's legacy (tag-based) storage, as cosign's types and go-containerregistry name them.</summary>
public static class CosignMediaTypes
{
    /// <summary>The layer of a <c>.sig</c> manifest: the simple-signing payload.</summary>
    public const string SimpleSigning = "application/vnd.dev.cosign.simplesigning.v1+json";

    /// <summary>The layer of an <c>.att</c> manifest: a DSSE envelope whose payload is an in-toto statement.</summary>
    public const string DsseEnvelope = "application/vnd.dsse.envelope.v1+json";

    /// <summary>The manifest cosign writes for both (an OCI image manifest, unless COSIGN_DOCKER_MEDIA_TYPES is set).</summary>
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";

    /// <summary>The config of that manifest: an image config describing the payload layers.</summary>
    public const string OciConfig = "application/vnd.oci.image.config.v1+json";
}
