using System.Security.Cryptography;

namespace Build.Signing;

/// <summary>
/// cosign's key-based signature: ECDSA P-256 over SHA-256 of the bytes, ASN.1 DER encoded, base64 (standard, padded).
/// An image signature signs the simple-signing payload and is stored in the layer annotation
/// <c>dev.cosignproject.cosign/signature</c>; <c>cosign sign-blob --key</c> signs the file itself and writes this text as F.sig.
/// </summary>
public static class CosignSignature
{
    public static string Sign(ECDsa key, byte[] payload) =>
        Convert.ToBase64String(key.SignData(payload, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));

    /// <summary>True when <paramref name="base64Signature"/> is a valid signature of <paramref name="payload"/>; malformed text is simply not valid.</summary>
    public static bool Verify(ECDsa publicKey, byte[] payload, string base64Signature) =>
        Decode(base64Signature) is { } signature
        && publicKey.VerifyData(payload, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

    public static string SignBlob(ECDsa key, Stream blob) =>
        Convert.ToBase64String(key.SignData(blob, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));

    public static string SignBlob(ECDsa key, string path)
    {
        using var blob = File.OpenRead(path);
        return SignBlob(key, blob);
    }

    public static bool VerifyBlob(ECDsa publicKey, Stream blob, string base64Signature) =>
        Decode(base64Signature) is { } signature
        && publicKey.VerifyData(blob, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

    /// <summary>Verifies <paramref name="path"/> against the content of its .sig file (<paramref name="base64Signature"/>).</summary>
    public static bool VerifyBlob(ECDsa publicKey, string path, string base64Signature)
    {
        using var blob = File.OpenRead(path);
        return VerifyBlob(publicKey, blob, base64Signature);
    }

    /// <summary>Line breaks and surrounding space are ignored, as cosign (via Go's base64 decoder) ignores them.</summary>
    private static byte[]? Decode(string base64Signature)
    {
        var text = base64Signature.Replace("\r", string.Empty, StringComparison.Ordinal).Replace("\n", string.Empty, StringComparison.Ordinal).Trim();
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out var written) && written > 0 ? buffer[..written] : null;
    }
}
