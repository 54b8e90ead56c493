using System.Security.Cryptography;

namespace Build.Signing;

/// <summary>
/// cosign's key files. cosign.key is a PEM block labelled <c>ENCRYPTED SIGSTORE PRIVATE KEY</c> (older keys:
/// <c>ENCRYPTED COSIGN PRIVATE KEY</c>) whose body is the scrypt + secretbox JSON sealing the PKCS#8 DER of an ECDSA
/// P-256 key; cosign.pub is a <c>PUBLIC KEY</c> (SubjectPublicKeyInfo) block.
/// </summary>
public static class CosignKeys
{
    public const string SigstorePrivateKeyLabel = "ENCRYPTED SIGSTORE PRIVATE KEY";
    public const string CosignPrivateKeyLabel = "ENCRYPTED COSIGN PRIVATE KEY";
    public const string PublicKeyLabel = "PUBLIC KEY";

    private const string P256Oid = "1.2.840.10045.3.1.7";

    /// <summary>A fresh P-256 key pair in cosign's file formats, the private key sealed with <paramref name="password"/>.</summary>
    public static CosignKeyPair Generate(string password)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new CosignKeyPair(PrivatePem(key, password), PublicPem(key));
    }

    /// <summary>cosign.key for <paramref name="key"/>, as cosign writes it (SIGSTORE label, scrypt N=65536).</summary>
    public static string PrivatePem(ECDsa key, string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        RequireP256(key, "the key");
        return PrivatePem(key.ExportPkcs8PrivateKey(), password);
    }

    /// <summary>cosign.key for a P-256 key given as its PKCS#8 DER (sealing touches no <see cref="ECDsa"/> object, so it may run on another thread).</summary>
    public static string PrivatePem(byte[] pkcs8, string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        var sealedKey = EncryptedKeyEnvelope.Seal(pkcs8, password);
        return new string(PemEncoding.Write(SigstorePrivateKeyLabel, sealedKey)) + "\n";
    }

    public static string PublicPem(ECDsa key) => key.ExportSubjectPublicKeyInfoPem() + "\n";

    /// <summary>
    /// Decrypts cosign.key. A wrong password throws a <see cref="SigningKeyException"/> that names COSIGN_PASSWORD;
    /// a malformed file throws one that names <paramref name="source"/> and the problem.
    /// </summary>
    public static ECDsa LoadPrivate(string pem, string password, string source = "cosign.key")
    {
        ArgumentNullException.ThrowIfNull(password);
        var (label, body) = ReadPem(pem, source);
        if (label != SigstorePrivateKeyLabel && label != CosignPrivateKeyLabel)
        {
            throw new SigningKeyException(
                $"{source} holds a '{label}' PEM block; a cosign private key is labelled '{SigstorePrivateKeyLabel}' (or '{CosignPrivateKeyLabel}'). " +
                "Generate one with 'cosign generate-key-pair', or convert an existing key with 'cosign import-key-pair'.");
        }

        var pkcs8 = EncryptedKeyEnvelope.Open(body, password, source);
        try
        {
            var key = ECDsa.Create();
            try
            {
                key.ImportPkcs8PrivateKey(pkcs8, out _);
                RequireP256(key, source);
                return key;
            }
            catch
            {
                key.Dispose();
                throw;
            }
        }
        catch (CryptographicException)
        {
            throw new SigningKeyException(
                $"{source} decrypts, but not to a PKCS#8 ECDSA private key (cosign's format). " +
                "Regenerate it with 'cosign generate-key-pair' or convert it with 'cosign import-key-pair'.");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    /// <summary>Reads cosign.pub (a P-256 <c>PUBLIC KEY</c> block); a malformed file throws naming <paramref name="source"/>.</summary>
    public static ECDsa LoadPublic(string pem, string source = "cosign.pub")
    {
        var (label, body) = ReadPem(pem, source);
        if (label != PublicKeyLabel)
        {
            throw new SigningKeyException($"{source} holds a '{label}' PEM block; a cosign public key is a '{PublicKeyLabel}' block such as cosign.pub.");
        }

        var key = ECDsa.Create();
        try
        {
            key.ImportSubjectPublicKeyInfo(body, out _);
            RequireP256(key, source);
            return key;
        }
        catch (CryptographicException)
        {
            key.Dispose();
            throw new SigningKeyException($"{source} is not an ECDSA public key (SubjectPublicKeyInfo); use the cosign.pub written with the cosign.key.");
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    private static (string Label, byte[] Body) ReadPem(string pem, string source)
    {
        ArgumentNullException.ThrowIfNull(pem);
        if (!PemEncoding.TryFind(pem, out var fields))
        {
            throw new SigningKeyException($"{source} is not a PEM file (no '-----BEGIN ...-----' block); use the file written by 'cosign generate-key-pair'.");
        }

        var label = pem[fields.Label];
        var body = Convert.FromBase64String(pem[fields.Base64Data]);
        return (label, body);
    }

    private static void RequireP256(ECDsa key, string source)
    {
        var curve = key.ExportParameters(false).Curve;
        if (curve.Oid?.Value != P256Oid)
        {
            throw new SigningKeyException(
                $"{source} is an ECDSA key on curve '{curve.Oid?.FriendlyName ?? curve.Oid?.Value ?? "unnamed"}'; this build signs with P-256 " +
                "(cosign's default). Generate a key with 'cosign generate-key-pair'.");
        }
    }
}
