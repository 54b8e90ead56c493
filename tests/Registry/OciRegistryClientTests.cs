using System.Net;
using System.Security.Cryptography;
using System.Text;
using Build.Registry;
using Build.Tests.Support;

namespace Build.Tests.Registry;

/// <summary>The client against a real docker-registry (distribution 2.8) process, checked independently with skopeo.</summary>
public sealed class OciRegistryClientTests
{
    private RegistryProcess _registry = null!;
    private OciRegistryClient _client = null!;

    [OneTimeSetUp]
    public void StartRegistry()
    {
        _registry = new RegistryProcess();
        _client = _registry.Client();
    }

    [OneTimeTearDown]
    public void StopRegistry()
    {
        _client.Dispose();
        _registry.Dispose();
    }

    private static byte[] RandomBytes(int length) => RandomNumberGenerator.GetBytes(length);

    /// <summary>An artifact manifest like a cosign signature: the empty config and one small annotated layer.</summary>
    private async Task<(byte[] Manifest, string LayerDigest)> PushArtifactAsync(string repository, string payload)
    {
        var layer = Encoding.UTF8.GetBytes(payload);
        await _client.UploadBlobAsync(repository, OciDigest.EmptyJsonContent);
        var layerDigest = await _client.UploadBlobAsync(repository, layer);
        var manifest = new OciImageManifest
        {
            ArtifactType = "application/vnd.dev.cosign.simplesigning.v1+json",
            Config = OciDescriptor.EmptyJson,
            Layers = [OciDescriptor.Of("application/vnd.dev.cosign.simplesigning.v1+json", layer) with { Annotations = new Dictionary<string, string> { ["dev.cosignproject.cosign/signature"] = "MEUCIQ==" } }],
            Annotations = new Dictionary<string, string> { ["org.opencontainers.image.created"] = "2026-01-01T00:00:00Z" },
        }.ToJson();
        return (manifest, layerDigest);
    }

    private ProcessResult Skopeo(params string[] arguments)
    {
        var result = Run.Process("skopeo", arguments, timeout: TimeSpan.FromMinutes(1));
        Assert.That(result.ExitCode, Is.Zero, result.ToString);
        return result;
    }

    [Test]
    public async Task Ping_answers()
    {
        Assert.That(await _client.PingAsync(), Is.True);
    }

    [Test]
    public async Task A_blob_uploaded_in_one_request_reads_back_the_same()
    {
        var content = RandomBytes(4096);

        var digest = await _client.UploadBlobAsync("test/monolithic", content);

        Assert.That(digest, Is.EqualTo("sha256:" + Convert.ToHexStringLower(SHA256.HashData(content))));
        Assert.That(await _client.BlobExistsAsync("test/monolithic", digest), Is.True);
        Assert.That(await _client.GetBlobAsync("test/monolithic", digest), Is.EqualTo(content));
    }

    [Test]
    public async Task A_blob_uploaded_in_three_chunks_reads_back_the_same()
    {
        var content = RandomBytes(2500);

        var digest = await _client.UploadBlobAsync("test/chunked", content, chunkSize: 1000);

        Assert.That(await _client.GetBlobAsync("test/chunked", digest), Is.EqualTo(content));
        Assert.That(CountInLog("\"PATCH /v2/test/chunked/blobs/uploads/"), Is.EqualTo(3), "the registry saw three chunks");
    }

    [Test]
    public async Task Uploading_a_blob_the_repository_has_sends_nothing_but_the_check()
    {
        var content = RandomBytes(100);
        var first = await _client.UploadBlobAsync("test/again", content);
        var uploadsBefore = CountInLog("POST /v2/test/again/blobs/uploads/");

        var second = await _client.UploadBlobAsync("test/again", content, chunkSize: 10);

        Assert.That(second, Is.EqualTo(first));
        Assert.That(CountInLog("POST /v2/test/again/blobs/uploads/"), Is.EqualTo(uploadsBefore));
    }

    [Test]
    public async Task A_manifest_put_under_a_tag_and_by_digest_resolves_to_its_digest_and_skopeo_sees_the_same_bytes()
    {
        var (manifest, layerDigest) = await PushArtifactAsync("test/artifact", "{\"critical\":{}}");

        var byTag = await _client.PutManifestAsync("test/artifact", "sig", manifest, OciMediaTypes.ImageManifest);
        var byDigest = await _client.PutManifestAsync("test/artifact", byTag, manifest, OciMediaTypes.ImageManifest);

        Assert.That(byTag, Is.EqualTo(OciDigest.Sha256(manifest)));
        Assert.That(byDigest, Is.EqualTo(byTag));
        Assert.That(await _client.ResolveDigestAsync("test/artifact", "sig"), Is.EqualTo(byTag));
        Assert.That(await _client.ResolveDigestAsync("test/artifact", byTag), Is.EqualTo(byTag));

        var read = await _client.GetManifestAsync("test/artifact", "sig");
        Assert.That(read!.Content, Is.EqualTo(manifest));
        Assert.That(read.MediaType, Is.EqualTo(OciMediaTypes.ImageManifest));
        Assert.That(read.Digest, Is.EqualTo(byTag));
        var parsed = read.AsImageManifest();
        Assert.That(parsed.Config, Is.EqualTo(OciDescriptor.EmptyJson));
        Assert.That(parsed.Layers.Single().Digest, Is.EqualTo(layerDigest));
        Assert.That(parsed.Layers.Single().Annotations!["dev.cosignproject.cosign/signature"], Is.EqualTo("MEUCIQ=="));

        var skopeo = Skopeo("inspect", "--tls-verify=false", "--raw", $"docker://{_registry.Address}/test/artifact:sig");
        var skopeoBytes = Encoding.UTF8.GetBytes(skopeo.Output.TrimEnd('\n'));
        Assert.That(skopeoBytes, Is.EqualTo(manifest));
        Assert.That(OciDigest.Sha256(skopeoBytes), Is.EqualTo(byTag));
    }

    [Test]
    public async Task A_manifest_that_refers_to_another_as_subject_is_stored_as_given()
    {
        var (subject, _) = await PushArtifactAsync("test/referrer", "subject");
        var subjectDigest = await _client.PutManifestAsync("test/referrer", "subject", subject, OciMediaTypes.ImageManifest);
        var referrer = new OciImageManifest
        {
            ArtifactType = "application/spdx+json",
            Config = OciDescriptor.EmptyJson,
            Layers = [OciDescriptor.EmptyJson],
            Subject = new OciDescriptor(OciMediaTypes.ImageManifest, subjectDigest, subject.Length),
        }.ToJson();

        var digest = await _client.PutManifestAsync("test/referrer", OciDigest.Sha256(referrer), referrer, OciMediaTypes.ImageManifest);

        var read = await _client.GetManifestAsync("test/referrer", digest);
        Assert.That(read!.AsImageManifest().Subject!.Digest, Is.EqualTo(subjectDigest));
    }

    [Test]
    public async Task An_index_of_two_platforms_reads_back_with_its_platforms_and_skopeo_sees_the_same_bytes()
    {
        var amd64 = (await PushArtifactAsync("test/index", "amd64")).Manifest;
        var arm64 = (await PushArtifactAsync("test/index", "arm64")).Manifest;
        var amd64Digest = await _client.PutManifestAsync("test/index", OciDigest.Sha256(amd64), amd64, OciMediaTypes.ImageManifest);
        var arm64Digest = await _client.PutManifestAsync("test/index", OciDigest.Sha256(arm64), arm64, OciMediaTypes.ImageManifest);
        var index = new OciIndex
        {
            Manifests =
            [
                OciDescriptor.Of(OciMediaTypes.ImageManifest, amd64) with { Platform = new OciPlatform("linux", "amd64") },
                OciDescriptor.Of(OciMediaTypes.ImageManifest, arm64) with { Platform = new OciPlatform("linux", "arm64", "v8") },
            ],
        }.ToJson();

        var digest = await _client.PutManifestAsync("test/index", "1.2.3", index, OciMediaTypes.ImageIndex);

        var read = await _client.GetManifestAsync("test/index", "1.2.3");
        Assert.That(read!.IsIndex, Is.True);
        Assert.That(read.Digest, Is.EqualTo(digest));
        Assert.That(read.Content, Is.EqualTo(index));
        var parsed = read.AsIndex();
        Assert.That(parsed.ManifestFor(new OciPlatform("linux", "amd64"))!.Digest, Is.EqualTo(amd64Digest));
        Assert.That(parsed.ManifestFor(new OciPlatform("linux", "arm64", "v8"))!.Digest, Is.EqualTo(arm64Digest));
        foreach (var platform in parsed.Manifests)
        {
            Assert.That(await _client.ResolveDigestAsync("test/index", platform.Digest), Is.EqualTo(platform.Digest), $"{platform.Platform} exists");
        }

        var skopeo = Skopeo("inspect", "--tls-verify=false", "--raw", $"docker://{_registry.Address}/test/index:1.2.3");
        Assert.That(Encoding.UTF8.GetBytes(skopeo.Output.TrimEnd('\n')), Is.EqualTo(index));
    }

    [Test]
    public async Task Tags_are_listed_with_a_page_size()
    {
        var (manifest, _) = await PushArtifactAsync("test/tags", "tags");
        string[] tags = ["1.2", "1.2.3", "latest", "sha-abc1234"];
        foreach (var tag in tags)
        {
            await _client.PutManifestAsync("test/tags", tag, manifest, OciMediaTypes.ImageManifest);
        }

        // distribution 2.8 ignores n for tags (it pages only _catalog), so Link paging is covered by the contract test.
        Assert.That(await _client.ListTagsAsync("test/tags", pageSize: 2), Is.EquivalentTo(tags));
        Assert.That(await _client.ListTagsAsync("test/tags"), Is.EquivalentTo(tags));
        var skopeo = Skopeo("list-tags", "--tls-verify=false", $"docker://{_registry.Address}/test/tags");
        Assert.That(tags, Has.All.Matches<string>(tag => skopeo.Output.Contains($"\"{tag}\"", StringComparison.Ordinal)));
    }

    [Test]
    public async Task An_unknown_tag_resolves_to_null_and_a_missing_blob_carries_the_registry_code()
    {
        await PushArtifactAsync("test/missing", "present");
        var absent = OciDigest.Sha256("never pushed"u8);

        Assert.That(await _client.ResolveDigestAsync("test/missing", "nope"), Is.Null);
        Assert.That(await _client.GetManifestAsync("test/missing", "nope"), Is.Null);
        Assert.That(await _client.BlobExistsAsync("test/missing", absent), Is.False);
        var error = await Assert.ThrowsAsync<RegistryException>(() => _client.GetBlobAsync("test/missing", absent));
        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(error.ErrorCode, Is.EqualTo("BLOB_UNKNOWN"));
        Assert.That(error.IsTransient, Is.False);
        Assert.That(error.Message, Does.Contain(_registry.Address).And.Contain($"test/missing@{absent}"));
    }

    [Test]
    public async Task A_manifest_whose_blobs_are_missing_is_refused_with_the_registry_code()
    {
        var manifest = new OciImageManifest { Config = OciDescriptor.Of(OciMediaTypes.ImageConfig, "{\"never\":\"pushed\"}"u8) }.ToJson();

        var error = await Assert.ThrowsAsync<RegistryException>(() => _client.PutManifestAsync("test/invalid", "v1", manifest, OciMediaTypes.ImageManifest));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(error.ErrorCode, Is.EqualTo("MANIFEST_BLOB_UNKNOWN"));
        Assert.That(error.Message, Does.Contain("test/invalid:v1").And.Contain("PUT"));
        Assert.That(await _client.ResolveDigestAsync("test/invalid", "v1"), Is.Null);
    }

    [Test]
    public async Task A_manifest_put_by_a_digest_that_is_not_its_own_is_refused_before_sending()
    {
        var manifest = new OciImageManifest { Config = OciDescriptor.EmptyJson }.ToJson();
        var other = OciDigest.Sha256("other"u8);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => _client.PutManifestAsync("test/wrong", other, manifest, OciMediaTypes.ImageManifest));

        Assert.That(error!.Message, Does.Contain(OciDigest.Sha256(manifest)));
    }

    private int CountInLog(string text) =>
        File.ReadLines(_registry.LogFile).Count(line => line.Contains(text, StringComparison.Ordinal));
}
