using System.Text;
using System.Text.Json.Nodes;
using Build.Registry;
using Build.Signing;
using Build.Tests.Scanning;
using Build.Tests.Support;
using Build.Transparency;

namespace Build.Tests.Transparency;

/// <summary>
/// Collecting a release's Rekor entries from a real registry process: cosign's .sig and .att manifests whose layers
/// carry the bundle annotation cosign writes (the Bundle of a real `cosign verify` output), and real Sigstore bundles.
/// </summary>
public sealed class TransparencyLogTests : TempDirectoryTest
{
    private const string Repository = "o/rds-csi";
    private static readonly string Digest = "sha256:" + new string('d', 64);

    private static string CosignBundle()
    {
        var output = Samples.Read("cosign/verify-key.txt");
        var verified = JsonNode.Parse(output[output.IndexOf("[{", StringComparison.Ordinal)..].Split('\n')[0])!.AsArray();
        return verified[0]!["optional"]!["Bundle"]!.ToJsonString();
    }

    private static async Task PushAsync(OciRegistryClient client, string tag, params Dictionary<string, string>[] layerAnnotations)
    {
        await client.UploadBlobAsync(Repository, OciDigest.EmptyJsonContent);
        var layers = new List<OciDescriptor>();
        foreach (var (annotations, i) in layerAnnotations.Select((annotations, i) => (annotations, i)))
        {
            var content = Encoding.UTF8.GetBytes($"layer {i} of {tag}");
            await client.UploadBlobAsync(Repository, content);
            layers.Add(OciDescriptor.Of("application/vnd.dsse.envelope.v1+json", content, annotations));
        }

        var manifest = new OciImageManifest { Config = OciDescriptor.EmptyJson, Layers = layers }.ToJson();
        await client.PutManifestAsync(Repository, tag, manifest, OciMediaTypes.ImageManifest);
    }

    [Test]
    public async Task Every_signature_attestation_and_blob_bundle_gives_its_entry_and_one_without_is_named()
    {
        using var registry = new RegistryProcess();
        using var client = registry.Client();
        var bundle = CosignBundle();
        await PushAsync(client, CosignTags.SignatureTag(Digest), new Dictionary<string, string> { [CosignAnnotations.Signature] = "MEUCIQ==", [TransparencyLog.BundleAnnotation] = bundle });
        await PushAsync(
            client,
            CosignTags.AttestationTag(Digest),
            new Dictionary<string, string> { [CosignAnnotations.PredicateType] = "https://spdx.dev/Document", [TransparencyLog.BundleAnnotation] = bundle },
            new Dictionary<string, string> { [CosignAnnotations.PredicateType] = "https://slsa.dev/provenance/v1" });
        var blob = Working.Write("SHA256SUMS.sigstore.json", File.ReadAllText(Path.Combine(BuildProgram.RepositoryRoot, "tests", "fixtures", "cosign", "cosign-attest-oci-attestation.sigstore.json")));

        var record = await TransparencyLog.CollectAsync(client, Repository, [Digest], [blob]);

        Assert.That(record.Entries.Select(entry => entry.Subject), Is.EqualTo(new[]
        {
            $"signature of {Digest}",
            $"https://spdx.dev/Document attestation of {Digest}",
            "signature of SHA256SUMS",
        }));
        Assert.That(record.Entries[2].LogIndex, Is.EqualTo(175508996));
        Assert.That(record.Unlogged, Is.EqualTo(new[] { $"https://slsa.dev/provenance/v1 attestation of {Digest}" }), "a layer cosign did not log is named");
    }

    [Test]
    public async Task A_Sigstore_bundle_stored_as_a_referrer_gives_its_log_entry_found_by_the_fallback_tag()
    {
        using var registry = new RegistryProcess();
        using var client = registry.Client();
        var bundle = Encoding.UTF8.GetBytes(File.ReadAllText(Path.Combine(BuildProgram.RepositoryRoot, "tests", "fixtures", "cosign", "cosign-attest-oci-attestation.sigstore.json")));
        await client.UploadBlobAsync(Repository, OciDigest.EmptyJsonContent);
        await client.UploadBlobAsync(Repository, bundle);
        const string bundleType = "application/vnd.dev.sigstore.bundle.v0.3+json";
        var referrer = new OciImageManifest
        {
            ArtifactType = bundleType,
            Config = OciDescriptor.EmptyJson,
            Layers = [OciDescriptor.Of(bundleType, bundle)],
        }.ToJson();
        var referrerDigest = await client.PutManifestAsync(Repository, OciDigest.Sha256(referrer), referrer, OciMediaTypes.ImageManifest);
        var fallback = new OciIndex { Manifests = [new OciDescriptor(OciMediaTypes.ImageManifest, referrerDigest, referrer.Length) { ArtifactType = bundleType }] }.ToJson();
        await client.PutManifestAsync(Repository, Digest.Replace(':', '-'), fallback, OciMediaTypes.ImageIndex);

        var record = await TransparencyLog.CollectAsync(client, Repository, [Digest], []);

        Assert.That(record.Entries.Select(entry => (entry.Subject, entry.LogIndex)), Is.EqualTo(new[] { ($"attestation of {Digest}", 175508996L) }), "the bundle holds a DSSE envelope: an attestation");
        Assert.That(record.Unlogged, Is.Empty);
    }

    [Test]
    public async Task A_digest_without_signatures_and_a_key_signed_blob_without_log_entries_are_reported_as_such()
    {
        using var registry = new RegistryProcess();
        using var client = registry.Client();
        var unloggedBundle = JsonNode.Parse(File.ReadAllText(Path.Combine(BuildProgram.RepositoryRoot, "tests", "fixtures", "cosign", "cosign-attest-oci-attestation.sigstore.json")))!;
        unloggedBundle["verificationMaterial"]!.AsObject().Remove("tlogEntries");
        var blob = Working.Write("chart.tgz.sigstore.json", unloggedBundle.ToJsonString());

        var record = await TransparencyLog.CollectAsync(client, Repository, [Digest], [blob]);

        Assert.That(record.Entries, Is.Empty);
        Assert.That(record.Unlogged, Is.EqualTo(new[] { "signature of chart.tgz" }));
    }

    [Test]
    public async Task A_bundle_annotation_that_is_not_JSON_is_refused_naming_the_tag()
    {
        using var registry = new RegistryProcess();
        using var client = registry.Client();
        await PushAsync(client, CosignTags.SignatureTag(Digest), new Dictionary<string, string> { [TransparencyLog.BundleAnnotation] = "{not json" });

        var error = await Assert.ThrowsAsync<FormatException>(() => TransparencyLog.CollectAsync(client, Repository, [Digest], []));

        Assert.That(error!.Message, Does.Contain(CosignTags.SignatureTag(Digest)).And.Contain("not JSON"));
    }
}
