namespace Build.Signing;

/// <summary>One signature of a DSSE envelope: the key id hint (cosign leaves it empty) and the base64 signature.</summary>
public sealed record DsseSignature(string KeyId, string Sig);
