namespace Build.Signing;

/// <summary>The layer annotations cosign writes and reads in <c>.sig</c> and <c>.att</c> manifests.</summary>
public static class CosignAnnotations
{
    /// <summary>The base64 signature of the layer (the simple-signing payload); empty on attestation layers, whose signature is inside the envelope.</summary>
    public const string Signature = "dev.cosignproject.cosign/signature";

    /// <summary>The in-toto predicate type of an attestation layer, which <c>verify-attestation --type</c> filters on.</summary>
    public const string PredicateType = "predicateType";
}
