using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Build.Transparency;

/// <summary>
/// One entry of the Rekor transparency log that a signature was recorded in: what was signed (<see cref="Subject"/>),
/// the log index, the entry's UUID (its Merkle leaf hash, SHA-256 of 0x00 || the canonical body, hex: the form Rekor's
/// API and search take), the time Rekor integrated it, and the log's id.
/// </summary>
public sealed record RekorEntry(string Subject, long LogIndex, string Uuid, DateTimeOffset IntegratedTime, string LogId)
{
    /// <summary>The entry in Sigstore's search UI.</summary>
    public string SearchUrl => $"https://search.sigstore.dev/?logIndex={LogIndex.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The UUID of an entry whose canonical body is <paramref name="canonicalBody"/>: RFC 6962's leaf hash, hex.</summary>
    public static string UuidOf(ReadOnlySpan<byte> canonicalBody) => Convert.ToHexStringLower(LeafHash(canonicalBody));

    /// <summary>RFC 6962 2.1: SHA-256(0x00 || leaf).</summary>
    public static byte[] LeafHash(ReadOnlySpan<byte> leaf)
    {
        var input = new byte[leaf.Length + 1];
        leaf.CopyTo(input.AsSpan(1));
        return SHA256.HashData(input);
    }

    /// <summary>
    /// The log entries of a Sigstore bundle (<c>cosign sign-blob --bundle</c>, cosign 3's OCI bundle format):
    /// <c>verificationMaterial.tlogEntries[]</c>. None when the signature was not logged (a key with --tlog-upload=false).
    /// </summary>
    public static IReadOnlyList<RekorEntry> FromSigstoreBundle(string subject, JsonNode bundle)
    {
        var entries = new List<RekorEntry>();
        if (bundle["verificationMaterial"]?["tlogEntries"] is not JsonArray tlog)
        {
            return entries;
        }

        foreach (var entry in tlog.OfType<JsonObject>())
        {
            var body = Convert.FromBase64String(Required(entry, "canonicalizedBody"));
            entries.Add(new RekorEntry(
                subject,
                long.Parse(Required(entry, "logIndex"), NumberStyles.None, CultureInfo.InvariantCulture),
                UuidOf(body),
                DateTimeOffset.FromUnixTimeSeconds(long.Parse(Required(entry, "integratedTime"), NumberStyles.None, CultureInfo.InvariantCulture)),
                Convert.ToHexStringLower(Convert.FromBase64String(entry["logId"]?["keyId"]?.GetValue<string>() ?? throw Missing("logId.keyId")))));
        }

        return entries;
    }

    /// <summary>
    /// The log entry of a signature stored in cosign's legacy layout: the <c>dev.sigstore.cosign/bundle</c> annotation
    /// of a <c>.sig</c> or <c>.att</c> layer (also the <c>optional.Bundle</c> of <c>cosign verify</c>'s output):
    /// <c>{"SignedEntryTimestamp": ..., "Payload": {"body", "integratedTime", "logIndex", "logID"}}</c>.
    /// </summary>
    public static RekorEntry FromCosignBundle(string subject, JsonNode bundle)
    {
        var payload = bundle["Payload"] as JsonObject ?? throw Missing("Payload");
        var body = Convert.FromBase64String(Required(payload, "body"));
        return new RekorEntry(
            subject,
            Number(payload, "logIndex"),
            UuidOf(body),
            DateTimeOffset.FromUnixTimeSeconds(Number(payload, "integratedTime")),
            Required(payload, "logID"));
    }

    /// <summary>
    /// Checks an RFC 9162 (2.1.3.2) inclusion proof: that the leaf <paramref name="leafHash"/> at
    /// <paramref name="index"/> of a tree of <paramref name="treeSize"/> leaves hashes up to <paramref name="rootHash"/>.
    /// </summary>
    public static bool ProvesInclusion(byte[] leafHash, long index, long treeSize, IReadOnlyList<byte[]> path, byte[] rootHash)
    {
        if (index < 0 || index >= treeSize)
        {
            return false;
        }

        long fn = index, sn = treeSize - 1;
        var r = leafHash;
        foreach (var p in path)
        {
            if (sn == 0)
            {
                return false;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                r = NodeHash(p, r);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                r = NodeHash(r, p);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0 && r.AsSpan().SequenceEqual(rootHash);
    }

    private static byte[] NodeHash(byte[] left, byte[] right)
    {
        var input = new byte[1 + left.Length + right.Length];
        input[0] = 1;
        left.CopyTo(input, 1);
        right.CopyTo(input, 1 + left.Length);
        return SHA256.HashData(input);
    }

    private static string Required(JsonObject entry, string name) =>
        entry[name] is JsonValue value ? value.ToString() : throw Missing(name);

    private static long Number(JsonObject entry, string name) =>
        long.Parse(Required(entry, name), NumberStyles.None, CultureInfo.InvariantCulture);

    private static FormatException Missing(string name) => new($"a transparency-log entry without '{name}'");
}
