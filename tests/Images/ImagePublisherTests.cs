using System.Text;
using Build.Configuration;
using Build.Images;
using Build.Registry;
using Build.Tests.Support;

namespace Build.Tests.Images;

/// <summary>
/// The publisher's rules against a real registry process, read back with plain HTTP (not the build's client); the
/// image builder backend is a fake whose "push" puts a made-up index in that registry.
/// </summary>
public sealed class ImagePublisherTests : RegistryFixture
{
    private static readonly Platform Amd64 = new("linux", "amd64");
    private static readonly Platform Arm64 = new("linux", "arm64");
    private static readonly string[] Tags = ["1.2.3", "1.2", "latest"];
    private TempDirectory _working = null!;
    private OciRegistryClient _client = null!;
    private ImageName _image = null!;

    [SetUp]
    public void SetUp()
    {
        _working = new TempDirectory();
        _client = Registry.Client();
        _image = ImageName.Parse($"{Registry.Address}/acme/{NUnit.Framework.TestContext.CurrentContext.Test.MethodName!.ToLowerInvariant()}", "test");
    }

    [TearDown]
    public void TearDown()
    {
        _client.Dispose();
        _working.Dispose();
    }

    private ImagePublisher Publisher(FakeImageBuilder builder) =>
        new(CakeContexts.Create(_working.Path), () => builder, _image, [Amd64, Arm64], () => _client);

    /// <summary>A one-layer image of <paramref name="platform"/>, pushed by its digest (no tag).</summary>
    private async Task<OciDescriptor> PushImageAsync(Platform platform, string payload)
    {
        var config = Encoding.UTF8.GetBytes($$"""{"architecture":"{{platform.Architecture}}","os":"{{platform.Os}}"}""");
        var layer = Encoding.UTF8.GetBytes(payload);
        await _client.UploadBlobAsync(_image.Repository, config);
        await _client.UploadBlobAsync(_image.Repository, layer);
        var manifest = new OciImageManifest
        {
            Config = OciDescriptor.Of(OciMediaTypes.ImageConfig, config),
            Layers = [OciDescriptor.Of("application/vnd.oci.image.layer.v1.tar", layer)],
        }.ToJson();
        var digest = await _client.PutManifestAsync(_image.Repository, OciDigest.Sha256(manifest), manifest, OciMediaTypes.ImageManifest);
        return new OciDescriptor(OciMediaTypes.ImageManifest, digest, manifest.Length) { Platform = OciPlatform.From(platform) };
    }

    private async Task<string> PushIndexAsync(string reference, params OciDescriptor[] entries)
    {
        var index = PlatformImages.Index(entries).ToJson();
        return await _client.PutManifestAsync(_image.Repository, reference == "by digest" ? OciDigest.Sha256(index) : reference, index, OciMediaTypes.ImageIndex);
    }

    private static BuiltImage Built(params Platform[] platforms) => new("fake", platforms, "localhost/fake:aaaaaaa", null);

    [Test]
    public async Task Every_tag_gets_the_index_the_builder_pushed_and_each_platforms_digest_is_recorded()
    {
        var amd64 = await PushImageAsync(Amd64, "amd64");
        var arm64 = await PushImageAsync(Arm64, "arm64");
        var index = await PushIndexAsync("by digest", amd64, arm64);
        var builder = new FakeImageBuilder { OnPushIndex = (_, _, _) => Task.FromResult(new PushedIndex(index, FirstTagNamesIt: false)) };

        var published = await Publisher(builder).PublishAsync(Built(Amd64, Arm64), Tags);

        Assert.That(builder.IndexPushes.Single().FirstTag, Is.EqualTo("1.2.3"));
        Assert.That(Tags.Select(tag => Http.ManifestDigest(_image.Repository, tag)), Is.All.EqualTo(index));
        Assert.That(published.Image.IndexDigest, Is.EqualTo(index));
        Assert.That(published.Image.Tags, Is.EqualTo(Tags));
        Assert.That(published.Image.PlatformDigests[Amd64], Is.EqualTo(amd64.Digest));
        Assert.That(published.Image.PlatformDigests[Arm64], Is.EqualTo(arm64.Digest));
        Assert.That(published.Builder, Is.EqualTo("fake"));
    }

    [Test]
    public async Task A_tag_left_on_another_image_fails_the_push_naming_the_tag_and_what_it_resolves_to()
    {
        var amd64 = await PushImageAsync(Amd64, "amd64");
        var arm64 = await PushImageAsync(Arm64, "arm64");
        var other = await PushIndexAsync("1.2.3", amd64, await PushImageAsync(Arm64, "another build"));
        var index = await PushIndexAsync("by digest", amd64, arm64);
        // The backend says the first tag names its index already, but the tag names another one: the read-back catches it.
        var builder = new FakeImageBuilder { OnPushIndex = (_, _, _) => Task.FromResult(new PushedIndex(index, FirstTagNamesIt: true)) };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Publisher(builder).PublishAsync(Built(Amd64, Arm64), Tags));

        Assert.That(error!.Message, Does.Contain($"Tags do not point at the pushed index {index}: {_image.WithTag("1.2.3")} resolves to {other}."));
        Assert.That(error.Message, Does.Contain("nothing was signed"));
        Assert.That(Http.ManifestDigest(_image.Repository, "1.2"), Is.EqualTo(index), "the other tags were put");
    }

    [Test]
    public async Task An_index_lacking_a_built_platform_is_refused_naming_what_it_lists()
    {
        var index = await PushIndexAsync("by digest", await PushImageAsync(Amd64, "amd64"));
        var builder = new FakeImageBuilder { OnPushIndex = (_, _, _) => Task.FromResult(new PushedIndex(index, FirstTagNamesIt: false)) };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Publisher(builder).PublishAsync(Built(Amd64, Arm64), Tags));

        Assert.That(error!.Message, Is.EqualTo($"The pushed index {_image.WithDigest(index)} lacks linux/arm64; it lists linux/amd64."));
    }

    [Test]
    public async Task A_merge_indexes_the_platform_images_of_the_digest_files_in_the_configured_order_under_every_tag()
    {
        var amd64 = await PushImageAsync(Amd64, "amd64");
        var arm64 = await PushImageAsync(Arm64, "arm64");
        var digests = Path.Combine(_working.Path, "digests");
        DigestDirectory.Write(new Cake.Core.IO.DirectoryPath(Path.Combine(digests, "arm64-job")), Arm64, arm64.Digest);
        DigestDirectory.Write(new Cake.Core.IO.DirectoryPath(Path.Combine(digests, "amd64-job")), Amd64, amd64.Digest);
        var builder = new FakeImageBuilder();

        var published = await Publisher(builder).MergeAsync(new Cake.Core.IO.DirectoryPath(digests), Tags);

        Assert.That(builder.IndexPushes, Is.Empty, "nothing built here is pushed");
        Assert.That(published.Builder, Is.EqualTo("merged"));
        Assert.That(Tags.Select(tag => Http.ManifestDigest(_image.Repository, tag)), Is.All.EqualTo(published.Image.IndexDigest));
        using var index = Http.Manifest(_image.Repository, "latest")!;
        var listed = index.RootElement.GetProperty("manifests").EnumerateArray().Select(entry => entry.GetProperty("digest").GetString()).ToList();
        Assert.That(listed, Is.EqualTo(new[] { amd64.Digest, arm64.Digest }));
    }

    [Test]
    public async Task Push_by_digest_hands_the_built_image_to_the_backend_and_moves_no_tag()
    {
        var builder = new FakeImageBuilder { PlatformPushes = new Dictionary<Platform, string> { [Arm64] = (await PushImageAsync(Arm64, "arm64")).Digest } };

        var pushed = await Publisher(builder).PushByDigestAsync(Built(Arm64));

        Assert.That(pushed, Is.SameAs(builder.PlatformPushes));
        Assert.That(Http.Tags(_image.Repository), Is.Empty);
    }
}
