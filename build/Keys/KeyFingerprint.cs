using System.Security.Cryptography;
using Build.Signing;

namespace Build.Keys;

/// <summary>A key's id: the SHA-256 of its DER SubjectPublicKeyInfo, as <c>openssl pkey -pubin -outform DER | sha256sum</c> prints it.</summary>
public static class KeyFingerprint
{
    public static string Of(ECDsa publicKey) => Convert.ToHexStringLower(SHA256.HashData(publicKey.ExportSubjectPublicKeyInfo()));

    /// <summary>The id of a cosign.pub PEM; a malformed one throws naming <paramref name="source"/>.</summary>
    public static string OfPem(string pem, string source)
    {
        using var key = CosignKeys.LoadPublic(pem, source);
        return Of(key);
    }
}
