using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Parameters;

namespace Build.Signing;

/// <summary>
/// NaCl's crypto_secretbox (XSalsa20-Poly1305), the cipher of cosign's encrypted keys: the first 32 bytes of the
/// XSalsa20 key stream key a one-time Poly1305, the rest encrypts; the box is tag (16 bytes) followed by ciphertext.
/// </summary>
internal static class SecretBox
{
    public const int KeySize = 32;
    public const int NonceSize = 24;
    private const int TagSize = 16;
    private const int MacKeySize = 32;

    public static byte[] Seal(byte[] message, byte[] key, byte[] nonce)
    {
        var stream = KeyStream(key, nonce, MacKeySize + message.Length);
        var box = new byte[TagSize + message.Length];
        for (var i = 0; i < message.Length; i++)
        {
            box[TagSize + i] = (byte)(message[i] ^ stream[MacKeySize + i]);
        }

        Tag(stream.AsSpan(0, MacKeySize), box.AsSpan(TagSize)).CopyTo(box, 0);
        return box;
    }

    /// <summary>The message, or null when the tag does not match (wrong key, or a damaged box).</summary>
    public static byte[]? Open(byte[] box, byte[] key, byte[] nonce)
    {
        if (box.Length < TagSize)
        {
            return null;
        }

        var ciphertext = box.AsSpan(TagSize);
        var stream = KeyStream(key, nonce, MacKeySize + ciphertext.Length);
        if (!CryptographicOperations.FixedTimeEquals(Tag(stream.AsSpan(0, MacKeySize), ciphertext), box.AsSpan(0, TagSize)))
        {
            return null;
        }

        var message = new byte[ciphertext.Length];
        for (var i = 0; i < message.Length; i++)
        {
            message[i] = (byte)(ciphertext[i] ^ stream[MacKeySize + i]);
        }

        return message;
    }

    private static byte[] KeyStream(byte[] key, byte[] nonce, int length)
    {
        if (key.Length != KeySize || nonce.Length != NonceSize)
        {
            throw new ArgumentException($"secretbox needs a {KeySize}-byte key and a {NonceSize}-byte nonce.");
        }

        var cipher = new XSalsa20Engine();
        cipher.Init(true, new ParametersWithIV(new KeyParameter(key), nonce));
        var stream = new byte[length];
        cipher.ProcessBytes(new byte[length], 0, length, stream, 0);
        return stream;
    }

    private static byte[] Tag(ReadOnlySpan<byte> macKey, ReadOnlySpan<byte> ciphertext)
    {
        var mac = new Poly1305();
        mac.Init(new KeyParameter(macKey));
        mac.BlockUpdate(ciphertext);
        var tag = new byte[TagSize];
        mac.DoFinal(tag, 0);
        return tag;
    }
}
