using System.Text;
using Build.Registry;

namespace Build.Signing;

/// <summary>
/// The OCI image cosign writes to hold signatures or attestations: an image config whose rootfs lists the layers
/// (zero timestamps, cosign's default without --record-creation-timestamp) and a manifest of those layers, each
/// marshalled as go-containerregistry does.
/// </summary>
public static class CosignManifest
{
    private const string ZeroTime = "0001-01-01T00:00:00Z";

    /// <summary>
    /// Builds the image for <paramref name="layers"/> in order; to add a signature to an existing <c>.sig</c> tag, pass the
    /// existing layers' descriptors first and the new one last, as cosign appends.
    /// </summary>
    public static CosignImage Build(IReadOnlyList<OciDescriptor> layers)
    {
        if (layers.Count == 0)
        {
            throw new ArgumentException("A cosign signature or attestation image needs at least one layer.", nameof(layers));
        }

        var config = Encoding.UTF8.GetBytes(GoJson.Struct(
            ("architecture", GoJson.Quote(string.Empty)),
            ("created", GoJson.Quote(ZeroTime)),
            ("history", GoJson.Array(layers.Select(_ => GoJson.Struct(("created", GoJson.Quote(ZeroTime)))))),
            ("os", GoJson.Quote(string.Empty)),
            ("rootfs", GoJson.Struct(("type", GoJson.Quote("layers")), ("diff_ids", GoJson.Array(layers.Select(layer => GoJson.Quote(layer.Digest)))))),
            ("config", "{}")));
        var configDescriptor = OciDescriptor.Of(CosignMediaTypes.OciConfig, config);
        var manifest = Encoding.UTF8.GetBytes(GoJson.Struct(
            ("schemaVersion", "2"),
            ("mediaType", GoJson.Quote(CosignMediaTypes.OciManifest)),
            ("config", GoJson.Descriptor(configDescriptor)),
            ("layers", GoJson.Array(layers.Select(layer => GoJson.Descriptor(layer))))));
        return new CosignImage(manifest, OciDigest.Sha256(manifest), config, configDescriptor);
    }
}
