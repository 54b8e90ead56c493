using System.Security.Cryptography;
using Build.Signing;

namespace Build.Inspection;

/// <summary>A public key a signature may verify against, with where it came from and its fingerprint (SHA-256 of the DER public key, hex).</summary>
public sealed record KnownKey(string Source, string Fingerprint, ECDsa Key)
{
    public static string FingerprintOf(ECDsa key) => Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()));

    /// <summary>The keys in <paramref name="files"/> that exist and are cosign public keys (others are skipped; duplicates once).</summary>
    public static IReadOnlyList<KnownKey> Load(IEnumerable<string> files)
    {
        var keys = new List<KnownKey>();
        foreach (var file in files.Where(File.Exists))
        {
            ECDsa key;
            try
            {
                key = CosignKeys.LoadPublic(File.ReadAllText(file), file);
            }
            catch (Exception exception) when (exception is SigningKeyException or CryptographicException or ArgumentException)
            {
                continue;
            }

            var fingerprint = FingerprintOf(key);
            if (keys.All(known => known.Fingerprint != fingerprint))
            {
                keys.Add(new KnownKey(file, fingerprint, key));
            }
        }

        return keys;
    }
}
