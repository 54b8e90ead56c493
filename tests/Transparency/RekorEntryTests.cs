using System.Text.Json.Nodes;
using Build.Tests.Scanning;
using Build.Tests.Support;
using Build.Transparency;

namespace Build.Tests.Transparency;

/// <summary>
/// Reading Rekor entries from what cosign really wrote: a Sigstore bundle of `cosign attest` (its tlog entry carries an
/// inclusion proof up to the log's root, which pins the leaf-hash computation of the entry UUID) and the Bundle of
/// `cosign verify`'s output (the dev.sigstore.cosign/bundle annotation of a legacy .sig layer).
/// </summary>
public sealed class RekorEntryTests
{
    private static readonly string BundlePath = Path.Combine(BuildProgram.RepositoryRoot, "tests", "fixtures", "cosign", "cosign-attest-oci-attestation.sigstore.json");

    private static JsonObject TlogEntry() => (JsonObject)JsonNode.Parse(File.ReadAllText(BundlePath))!["verificationMaterial"]!["tlogEntries"]![0]!;

    [Test]
    public void A_Sigstore_bundle_s_log_entry_gives_its_index_time_log_id_and_UUID()
    {
        var entries = RekorEntry.FromSigstoreBundle("SHA256SUMS", JsonNode.Parse(File.ReadAllText(BundlePath))!);

        Assert.That(entries, Has.Count.EqualTo(1));
        var entry = entries[0];
        Assert.That(entry.Subject, Is.EqualTo("SHA256SUMS"));
        Assert.That(entry.LogIndex, Is.EqualTo(175508996));
        Assert.That(entry.IntegratedTime, Is.EqualTo(DateTimeOffset.FromUnixTimeSeconds(1740770291)));
        Assert.That(entry.LogId, Is.EqualTo(Convert.ToHexStringLower(Convert.FromBase64String("wNI9atQGlz+VWfO6LRygH4QUfY/8W4RFwiT5i5WRgB0="))));
        Assert.That(entry.SearchUrl, Is.EqualTo("https://search.sigstore.dev/?logIndex=175508996"));
        Assert.That(entry.Uuid, Does.Match("^[0-9a-f]{64}$"));
    }

    [Test]
    public void The_entry_UUID_is_the_leaf_whose_inclusion_proof_reaches_the_log_s_signed_root()
    {
        var tlog = TlogEntry();
        var proof = tlog["inclusionProof"]!;
        var entry = RekorEntry.FromSigstoreBundle("x", JsonNode.Parse(File.ReadAllText(BundlePath))!)[0];
        var path = proof["hashes"]!.AsArray().Select(hash => Convert.FromBase64String(hash!.GetValue<string>())).ToList();
        var root = Convert.FromBase64String(proof["rootHash"]!.GetValue<string>());
        var index = long.Parse(proof["logIndex"]!.GetValue<string>());
        var size = long.Parse(proof["treeSize"]!.GetValue<string>());

        Assert.That(RekorEntry.ProvesInclusion(Convert.FromHexString(entry.Uuid), index, size, path, root), Is.True, "the UUID is the leaf the log holds");

        var wrongLeaf = Convert.FromHexString(entry.Uuid);
        wrongLeaf[0] ^= 1;
        Assert.That(RekorEntry.ProvesInclusion(wrongLeaf, index, size, path, root), Is.False);
        Assert.That(RekorEntry.ProvesInclusion(Convert.FromHexString(entry.Uuid), index + 1, size, path, root), Is.False, "another position");
        Assert.That(RekorEntry.ProvesInclusion(Convert.FromHexString(entry.Uuid), index, size, path.Skip(1).ToList(), root), Is.False, "a shortened path");
    }

    [Test]
    public void The_UUID_is_what_openssl_computes_over_a_zero_byte_and_the_canonical_body()
    {
        var body = Convert.FromBase64String(TlogEntry()["canonicalizedBody"]!.GetValue<string>());
        using var directory = new TempDirectory("rdscsi-rekor");
        var leaf = directory.Combine("leaf");
        File.WriteAllBytes(leaf, [0, .. body]);

        var openssl = Run.Process("openssl", ["dgst", "-sha256", "-r", leaf]);

        Assert.That(openssl.ExitCode, Is.EqualTo(0), openssl.ToString());
        Assert.That(RekorEntry.UuidOf(body), Is.EqualTo(openssl.Output.Split(' ')[0]));
    }

    [Test]
    public void A_bundle_without_log_entries_has_none()
    {
        var bundle = JsonNode.Parse(File.ReadAllText(BundlePath))!;
        bundle["verificationMaterial"]!.AsObject().Remove("tlogEntries");

        Assert.That(RekorEntry.FromSigstoreBundle("x", bundle), Is.Empty);
    }

    [Test]
    public void A_legacy_signature_s_cosign_bundle_gives_its_log_entry()
    {
        var output = Samples.Read("cosign/verify-key.txt");
        var verified = JsonNode.Parse(output[output.IndexOf("[{", StringComparison.Ordinal)..].Split('\n')[0])!.AsArray();
        var bundle = verified[0]!["optional"]!["Bundle"]!;
        var payload = bundle["Payload"]!;

        var entry = RekorEntry.FromCosignBundle("sha256:e583dc0e", bundle);

        Assert.That(entry.LogIndex, Is.EqualTo(payload["logIndex"]!.GetValue<long>()));
        Assert.That(entry.IntegratedTime.ToUnixTimeSeconds(), Is.EqualTo(payload["integratedTime"]!.GetValue<long>()));
        Assert.That(entry.LogId, Is.EqualTo(payload["logID"]!.GetValue<string>()));
        Assert.That(entry.Uuid, Is.EqualTo(RekorEntry.UuidOf(Convert.FromBase64String(payload["body"]!.GetValue<string>()))));
    }

    [Test]
    public void A_cosign_bundle_without_a_payload_is_refused_naming_the_field()
    {
        var error = Assert.Throws<FormatException>(() => RekorEntry.FromCosignBundle("x", JsonNode.Parse("""{"SignedEntryTimestamp":"AA=="}""")!));

        Assert.That(error!.Message, Does.Contain("'Payload'"));
    }
}
