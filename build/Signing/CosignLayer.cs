using System.Text;
using Build.Registry;

namespace Build.Signing;

/// <summary>A blob to push as a layer of a <c>.sig</c> or <c>.att</c> manifest, with its descriptor.</summary>
public sealed record CosignLayer(OciDescriptor Descriptor, byte[] Content)
{
    /// <summary>An image signature layer: the payload, its signature in the <c>dev.cosignproject.cosign/signature</c> annotation.</summary>
    public static CosignLayer Signature(byte[] simpleSigningPayload, string base64Signature) =>
        new(OciDescriptor.Of(CosignMediaTypes.SimpleSigning, simpleSigningPayload, new Dictionary<string, string>
        {
            [CosignAnnotations.Signature] = base64Signature,
        }), simpleSigningPayload);

    /// <summary>
    /// An attestation layer: the DSSE envelope, an empty signature annotation and the predicate type, as cosign attest
    /// writes it. The one empty annotation a release carries, on purpose: the signature is inside the envelope, and
    /// cosign's reader refuses a layer without the key ("signature layer ... is missing ... annotation").
    /// </summary>
    public static CosignLayer Attestation(string dsseEnvelopeJson, string predicateType)
    {
        var content = Encoding.UTF8.GetBytes(dsseEnvelopeJson);
        return new(OciDescriptor.Of(CosignMediaTypes.DsseEnvelope, content, new Dictionary<string, string>
        {
            [CosignAnnotations.Signature] = string.Empty,
            [CosignAnnotations.PredicateType] = predicateType,
        }), content);
    }
}
