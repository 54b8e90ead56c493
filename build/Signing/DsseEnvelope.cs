namespace Build.Signing;

/// <summary>A decoded DSSE envelope: the payload type, the payload bytes, and the signatures.</summary>
public sealed record DsseEnvelope(string PayloadType, byte[] Payload, IReadOnlyList<DsseSignature> Signatures);
