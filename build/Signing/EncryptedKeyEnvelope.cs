using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Org.BouncyCastle.Crypto.Generators;

namespace Build.Signing;

/// <summary>
/// The JSON inside a cosign.key PEM block, as go-securesystemslib's <c>encrypted</c> package writes it:
/// <c>{"kdf":{"name":"scrypt","params":{"N":..,"r":8,"p":1},"salt":b64},"cipher":{"name":"nacl/secretbox","nonce":b64},"ciphertext":b64}</c>,
/// the secretbox key being scrypt(password, salt, N, r, p, 32).
/// </summary>
internal static class EncryptedKeyEnvelope
{
    /// <summary>What cosign writes today (securesystemslib's "standard" strength).</summary>
    public const int DefaultCost = 65536;

    private const string KdfName = "scrypt";
    private const string CipherName = "nacl/secretbox";
    private const int SaltSize = 32;
    private const int BlockSize = 8;
    private const int Parallelism = 1;

    /// <summary>The only parameter sets the Go library accepts (legacy, standard, OWASP): anything else is refused before scrypt runs.</summary>
    private static readonly int[] AcceptedCosts = [32768, DefaultCost, 131072];

    public static byte[] Seal(byte[] plaintext, string password, int cost = DefaultCost)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltSize);
        var nonce = RandomNumberGenerator.GetBytes(SecretBox.NonceSize);
        var box = SecretBox.Seal(plaintext, DeriveKey(password, salt, cost, BlockSize, Parallelism), nonce);
        var json = GoJson.Struct(
            ("kdf", GoJson.Struct(
                ("name", GoJson.Quote(KdfName)),
                ("params", GoJson.Struct(("N", Number(cost)), ("r", Number(BlockSize)), ("p", Number(Parallelism)))),
                ("salt", GoJson.Quote(Convert.ToBase64String(salt))))),
            ("cipher", GoJson.Struct(("name", GoJson.Quote(CipherName)), ("nonce", GoJson.Quote(Convert.ToBase64String(nonce))))),
            ("ciphertext", GoJson.Quote(Convert.ToBase64String(box))));
        return Encoding.UTF8.GetBytes(json);
    }

    /// <summary>The plaintext; a malformed envelope or a password that does not open it throws, naming <paramref name="source"/>.</summary>
    public static byte[] Open(byte[] envelope, string password, string source)
    {
        var (cost, blockSize, parallelism, salt, nonce, box) = Read(envelope, source);
        return SecretBox.Open(box, DeriveKey(password, salt, cost, blockSize, parallelism), nonce)
            ?? throw new SigningKeyException(
                $"{source}: the password does not decrypt this key (or the key file is damaged). Set COSIGN_PASSWORD to the password " +
                "the key was generated with (an empty COSIGN_PASSWORD means the empty password), or generate a new pair with " +
                "'cosign generate-key-pair' and publish its cosign.pub.");
    }

    private static (int Cost, int BlockSize, int Parallelism, byte[] Salt, byte[] Nonce, byte[] Box) Read(byte[] envelope, string source)
    {
        try
        {
            using var document = JsonDocument.Parse(envelope);
            var root = document.RootElement;
            var kdf = root.GetProperty("kdf");
            var cipher = root.GetProperty("cipher");
            if (kdf.GetProperty("name").GetString() != KdfName || cipher.GetProperty("name").GetString() != CipherName)
            {
                throw new SigningKeyException(
                    $"{source}: the key is encrypted with kdf '{kdf.GetProperty("name").GetString()}' and cipher '{cipher.GetProperty("name").GetString()}'; " +
                    $"cosign keys use '{KdfName}' and '{CipherName}'. Regenerate it with 'cosign generate-key-pair'.");
            }

            var parameters = kdf.GetProperty("params");
            var cost = parameters.GetProperty("N").GetInt32();
            var blockSize = parameters.GetProperty("r").GetInt32();
            var parallelism = parameters.GetProperty("p").GetInt32();
            if (!AcceptedCosts.Contains(cost) || blockSize != BlockSize || parallelism != Parallelism)
            {
                throw new SigningKeyException(
                    $"{source}: unsupported scrypt parameters N={cost}, r={blockSize}, p={parallelism}; cosign keys use N=32768, 65536 or 131072 " +
                    $"with r={BlockSize}, p={Parallelism}. Regenerate the key with 'cosign generate-key-pair'.");
            }

            var salt = kdf.GetProperty("salt").GetBytesFromBase64();
            var nonce = cipher.GetProperty("nonce").GetBytesFromBase64();
            if (nonce.Length != SecretBox.NonceSize)
            {
                throw new SigningKeyException($"{source}: the secretbox nonce has {nonce.Length} bytes instead of {SecretBox.NonceSize}; the key file is damaged.");
            }

            return (cost, blockSize, parallelism, salt, nonce, root.GetProperty("ciphertext").GetBytesFromBase64());
        }
        catch (Exception error) when (error is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new SigningKeyException(
                $"{source}: the PEM body is not cosign's encrypted-key JSON (kdf, cipher, ciphertext): {error.Message} " +
                "Use the cosign.key written by 'cosign generate-key-pair', unchanged.");
        }
    }

    private static byte[] DeriveKey(string password, byte[] salt, int cost, int blockSize, int parallelism) =>
        SCrypt.Generate(Encoding.UTF8.GetBytes(password), salt, cost, blockSize, parallelism, SecretBox.KeySize);

    private static string Number(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
