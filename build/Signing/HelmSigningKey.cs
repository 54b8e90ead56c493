using System.Text;
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;

namespace Build.Signing;

/// <summary>The kind of key pair <see cref="HelmSigningKey.Generate"/> makes.</summary>
public enum HelmKeyAlgorithm
{
    Rsa3072,
    Ed25519,
}

/// <summary>
/// The OpenPGP key that signs Helm provenance files (<c>helm package --sign</c>'s key): an armored secret key opened with
/// its passphrase, or a new RSA key pair (the rehearsal's ephemeral one, or the project's from GenerateKeys --helm).
/// </summary>
public sealed class HelmSigningKey
{
    /// <summary>The largest armored secret key read: a real one is a few KiB.</summary>
    private const int MaxArmoredLength = 256 * 1024;

    private readonly PgpSecretKeyRing _ring;

    private HelmSigningKey(PgpSecretKeyRing ring, PgpSecretKey signing, PgpPrivateKey privateKey)
    {
        _ring = ring;
        SecretKey = signing;
        PrivateKey = privateKey;
    }

    /// <summary>The (sub)key that signs.</summary>
    internal PgpSecretKey SecretKey { get; }

    internal PgpPrivateKey PrivateKey { get; }

    public PgpPublicKey PublicKey => SecretKey.PublicKey;

    /// <summary>The primary key's fingerprint, 40 uppercase hex digits (what gpg --list-keys and Artifact Hub's signKey show).</summary>
    public string Fingerprint => Convert.ToHexString(_ring.GetPublicKey().GetFingerprint());

    /// <summary>The armored public key (primary key, user IDs, subkeys and their signatures): what verifiers import.</summary>
    public string ArmoredPublicKey()
    {
        using var buffer = new MemoryStream();
        using (var armored = Armored(buffer))
        {
            foreach (var key in _ring.GetPublicKeys())
            {
                key.Encode(armored);
            }
        }

        return Encoding.ASCII.GetString(buffer.ToArray());
    }

    /// <summary>The armored secret key, as HELM_SIGNING_KEY takes it (sealed with the passphrase it was made with).</summary>
    public string ArmoredSecretKey()
    {
        using var buffer = new MemoryStream();
        using (var armored = Armored(buffer))
        {
            _ring.Encode(armored);
        }

        return Encoding.ASCII.GetString(buffer.ToArray());
    }

    /// <summary>
    /// Makes a key pair that signs and certifies, sealed with <paramref name="passphrase"/> (AES-256) or not sealed when it
    /// is empty: RSA-3072 by default (every helm and gpg reads it), Ed25519 where making it must be instant (a rehearsal).
    /// </summary>
    public static HelmSigningKey Generate(string userId, string passphrase, DateTime created, HelmKeyAlgorithm algorithm = HelmKeyAlgorithm.Rsa3072)
    {
        var random = new SecureRandom();
        PgpKeyPair pair;
        if (algorithm == HelmKeyAlgorithm.Ed25519)
        {
            var generator = new Ed25519KeyPairGenerator();
            generator.Init(new Ed25519KeyGenerationParameters(random));
            pair = new PgpKeyPair(PublicKeyAlgorithmTag.EdDsa_Legacy, generator.GenerateKeyPair(), created);
        }
        else
        {
            var generator = new RsaKeyPairGenerator();
            generator.Init(new RsaKeyGenerationParameters(BigInteger.ValueOf(0x10001), random, 3072, 100));
            pair = new PgpKeyPair(PublicKeyAlgorithmTag.RsaGeneral, generator.GenerateKeyPair(), created);
        }

        var hashed = new PgpSignatureSubpacketGenerator();
        hashed.SetKeyFlags(false, PgpKeyFlags.CanSign | PgpKeyFlags.CanCertify);
        hashed.SetPreferredHashAlgorithms(false, [(int)HashAlgorithmTag.Sha512, (int)HashAlgorithmTag.Sha256]);
        var sealing = passphrase.Length == 0 ? SymmetricKeyAlgorithmTag.Null : SymmetricKeyAlgorithmTag.Aes256;
        var ring = new PgpKeyRingGenerator(
            PgpSignature.PositiveCertification, pair, userId, sealing, HashAlgorithmTag.Sha256, passphrase.ToCharArray(), true, hashed.Generate(), null, random)
            .GenerateSecretKeyRing();
        var secret = ring.GetSecretKey();
        return new HelmSigningKey(ring, secret, secret.ExtractPrivateKey(passphrase.ToCharArray()));
    }

    /// <summary>
    /// Opens an armored secret key (gpg --armor --export-secret-keys) with its passphrase: the primary key when it can
    /// sign, else the first signing subkey. <paramref name="source"/> names the input in messages; the key never appears in one.
    /// </summary>
    /// <exception cref="SigningKeyException">not an armored OpenPGP secret key, no signing key in it, or a wrong passphrase.</exception>
    public static HelmSigningKey Load(string armored, string passphrase, string source)
    {
        if (armored.Length > MaxArmoredLength || !armored.TrimStart().StartsWith("-----BEGIN PGP PRIVATE KEY BLOCK-----", StringComparison.Ordinal))
        {
            throw new SigningKeyException($"{source} is not an armored OpenPGP secret key: put the output of `gpg --armor --export-secret-keys KEYID` (it starts with -----BEGIN PGP PRIVATE KEY BLOCK-----), or of ./build.sh --target=GenerateKeys --helm, in it.");
        }

        PgpSecretKeyRing ring;
        try
        {
            using var input = PgpUtilities.GetDecoderStream(new MemoryStream(Encoding.ASCII.GetBytes(armored)));
            ring = new PgpSecretKeyRingBundle(input).GetKeyRings().Cast<PgpSecretKeyRing>().FirstOrDefault()
                ?? throw new SigningKeyException($"{source} holds no secret key.");
        }
        catch (Exception exception) when (exception is PgpException or IOException)
        {
            throw new SigningKeyException($"{source} could not be read as an OpenPGP secret key ({exception.GetType().Name}); export it again with `gpg --armor --export-secret-keys KEYID`.");
        }

        var signing = ring.GetSecretKeys().Cast<PgpSecretKey>()
            .Where(key => key.IsSigningKey && !key.IsPrivateKeyEmpty && !key.PublicKey.HasRevocation())
            .OrderByDescending(key => key.IsMasterKey)
            .FirstOrDefault()
            ?? throw new SigningKeyException($"{source} has no secret key that can sign (only a stub or an encryption key): export a key with a signing (S) key, e.g. `gpg --armor --export-secret-keys KEYID`.");
        try
        {
            return new HelmSigningKey(ring, signing, signing.ExtractPrivateKey(passphrase.ToCharArray()));
        }
        catch (PgpException)
        {
            throw new SigningKeyException($"{source} could not be opened: the passphrase in HELM_SIGNING_PASSPHRASE is wrong for this key (unset or empty for a key without one).");
        }
    }

    /// <summary>Reads an armored public key (what <see cref="ArmoredPublicKey"/> writes, or gpg --armor --export).</summary>
    /// <exception cref="SigningKeyException">not an armored OpenPGP public key.</exception>
    public static PgpPublicKeyRing ReadPublic(string armored, string source)
    {
        try
        {
            using var input = PgpUtilities.GetDecoderStream(new MemoryStream(Encoding.ASCII.GetBytes(armored)));
            return new PgpPublicKeyRingBundle(input).GetKeyRings().Cast<PgpPublicKeyRing>().FirstOrDefault()
                ?? throw new SigningKeyException($"{source} holds no public key.");
        }
        catch (Exception exception) when (exception is PgpException or IOException)
        {
            throw new SigningKeyException($"{source} is not an armored OpenPGP public key ({exception.GetType().Name}).");
        }
    }

    /// <summary>Armor without BouncyCastle's Version header, so the bytes do not change with the library's version.</summary>
    internal static ArmoredOutputStream Armored(Stream output)
    {
        return ArmoredOutputStream.Build().Build(output);
    }
}
