namespace Build.Signing;

/// <summary>The outcome of verifying a DSSE envelope: whether a signature matched, and what the envelope carries.</summary>
public sealed record DsseVerification(bool IsValid, string PayloadType, byte[] Payload);
