using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Build.Signing;
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;

namespace Build.Charts;

/// <summary>
/// Helm's provenance file, <c>CHART-VERSION.tgz.prov</c>, as <c>helm package --sign</c> writes it (helm's
/// pkg/provenance/sign.go): an OpenPGP clear-signed message (Hash: SHA512) whose text is the chart's Chart.yaml, then
/// <c>...</c> (YAML's document end; helm splits on "\n...\n") and the YAML <c>files: {NAME.tgz: sha256:HEX}</c>.
/// <c>helm verify</c> and <c>gpg --verify</c> check it.
/// </summary>
public static class HelmProvenance
{
    public const string Extension = ".prov";

    /// <summary>Helm's separator between the metadata and the sums.</summary>
    private const string Separator = "\n...\n";

    private const string ArmorStart = "-----BEGIN PGP SIGNATURE-----";

    /// <summary>The signed text: Chart.yaml (line ends made \n), a blank line and "...", then files: with the archive's sha256.</summary>
    /// <exception cref="ChartException">Chart.yaml holds a line "...", which would end helm's metadata part early.</exception>
    public static string Message(string chartYaml, string archiveName, string sha256Hex)
    {
        var metadata = chartYaml.Replace("\r\n", "\n", StringComparison.Ordinal);
        if (("\n" + metadata).Contains(Separator, StringComparison.Ordinal))
        {
            throw new ChartException($"Chart.yaml holds a line '...' (YAML's document end): helm's provenance file uses that line to end the chart's metadata, so remove it from Chart.yaml.");
        }

        if (archiveName.Any(c => char.IsControl(c) || c is ':' or ' ' or '#' or '/'))
        {
            throw new ChartException($"The chart archive name {Diagnostics.InputText.Quote(archiveName)} cannot be written in a provenance file; name the chart with letters, digits, '-', '.' and '_'.");
        }

        // helm writes the YAML of the metadata (which ends with a newline), then "\n...\n": a blank line precedes "...".
        return (metadata.EndsWith('\n') ? metadata : metadata + "\n") + Separator + $"files:\n  {archiveName}: sha256:{sha256Hex}\n";
    }

    /// <summary>
    /// The signed text for a chart package: its own CHART/Chart.yaml (what helm verify's reader sees, whichever packer made
    /// it: helm's rewrites Chart.yaml) and its file name and sha256.
    /// </summary>
    /// <exception cref="ChartException">the package holds no CHART/Chart.yaml.</exception>
    public static string MessageFor(string package)
    {
        using (var gzip = new GZipStream(File.OpenRead(package), CompressionMode.Decompress))
        using (var tar = new TarReader(gzip))
        {
            while (tar.GetNextEntry() is { } entry)
            {
                if (entry.Name.Split('/') is [_, ChartMetadata.FileName] && entry.DataStream is { } data)
                {
                    using var reader = new StreamReader(data, Encoding.UTF8);
                    return Message(reader.ReadToEnd(), Path.GetFileName(package), Releasing.Checksums.Sha256(package));
                }
            }
        }

        throw new ChartException($"{package} holds no Chart.yaml at its top level: it is not a Helm chart package.");
    }

    /// <summary>
    /// The clear-signed document over <paramref name="message"/>, dated <paramref name="signedAt"/> (the commit time, so a
    /// rebuild signs the same bytes with an RSA or EdDSA key), or the key's creation time when the commit is older: gpg
    /// and helm refuse a signature older than its key ("Time conflict").
    /// </summary>
    public static string Sign(string message, HelmSigningKey key, DateTimeOffset signedAt)
    {
        var created = key.SecretKey.PublicKey.CreationTime;
        var time = signedAt.UtcDateTime < created ? created : signedAt.UtcDateTime;
        var generator = new PgpSignatureGenerator(key.SecretKey.PublicKey.Algorithm, HashAlgorithmTag.Sha512);
        generator.InitSign(PgpSignature.CanonicalTextDocument, key.PrivateKey);
        var hashed = new PgpSignatureSubpacketGenerator();
        hashed.SetSignatureCreationTime(false, time);
        hashed.SetIssuerFingerprint(false, key.SecretKey);
        generator.SetHashedSubpackets(hashed.Generate());
        var unhashed = new PgpSignatureSubpacketGenerator();
        unhashed.SetIssuerKeyID(false, key.SecretKey.KeyId);
        generator.SetUnhashedSubpackets(unhashed.Generate());
        generator.Update(Canonical(message));

        using var buffer = new MemoryStream();
        using (var armored = HelmSigningKey.Armored(buffer))
        {
            armored.BeginClearText(HashAlgorithmTag.Sha512);
            var text = Encoding.UTF8.GetBytes(message);
            armored.Write(text, 0, text.Length);
            armored.EndClearText();
            generator.Generate().Encode(new BcpgOutputStream(armored));
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>
    /// True when <paramref name="provenance"/> is a clear-signed document of exactly <paramref name="message"/> whose
    /// signature verifies with <paramref name="publicKey"/>: an earlier run's file that is kept as it is.
    /// </summary>
    public static bool Verifies(string provenance, string message, PgpPublicKey publicKey)
    {
        var start = provenance.IndexOf(ArmorStart, StringComparison.Ordinal);
        if (start < 0 || provenance[..start] != ClearTextPart(message))
        {
            return false;
        }

        try
        {
            using var input = new ArmoredInputStream(new MemoryStream(Encoding.ASCII.GetBytes(provenance[start..])));
            if (new PgpObjectFactory(input).NextPgpObject() is not PgpSignatureList { Count: 1 } signatures
                || signatures[0].KeyId != publicKey.KeyId
                || signatures[0].SignatureType != PgpSignature.CanonicalTextDocument)
            {
                return false;
            }

            var signature = signatures[0];
            signature.InitVerify(publicKey);
            signature.Update(Canonical(message));
            return signature.Verify();
        }
        catch (Exception exception) when (exception is PgpException or IOException)
        {
            return false;
        }
    }

    /// <summary>What precedes the signature: the armor header, then the text with lines starting with '-' escaped (RFC 4880 7.1).</summary>
    private static string ClearTextPart(string message)
    {
        var lines = message.Split('\n');
        var text = string.Join('\n', lines.Select(line => line.StartsWith('-') ? "- " + line : line));
        return "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\n" + (message.EndsWith('\n') ? text : text + "\n");
    }

    /// <summary>The bytes a text signature covers: lines without trailing blanks, joined by CRLF, without the final line end (RFC 4880 7.1).</summary>
    private static byte[] Canonical(string message)
    {
        var lines = message.Split('\n');
        if (message.EndsWith('\n'))
        {
            lines = lines[..^1];
        }

        return Encoding.UTF8.GetBytes(string.Join("\r\n", lines.Select(line => line.TrimEnd(' ', '\t', '\r'))));
    }
}
