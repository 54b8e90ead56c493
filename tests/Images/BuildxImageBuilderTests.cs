using System.Text;
using Build.Configuration;
using Build.Images;
using Build.Registry;
using Build.Tests.Support;

namespace Build.Tests.Images;

/// <summary>What the buildx backend reports of the image buildx pushed by digest as it built, read from a real registry process.</summary>
public sealed class BuildxImageBuilderTests : RegistryFixture
{
    private static readonly Platform Amd64 = new("linux", "amd64");
    private static readonly Platform Arm64 = new("linux", "arm64");
    private TempDirectory _working = null!;
    private OciRegistryClient _client = null!;
    private BuildContext _context = null!;

    [SetUp]
    public void SetUp()
    {
        _working = new TempDirectory();
        _client = Registry.Client();
        _context = InMemoryContexts.Create(_working.Path, new() { ["image"] = $"{Registry.Address}/acme/buildx-{NUnit.Framework.TestContext.CurrentContext.Test.MethodName!.ToLowerInvariant()}" });
    }

    [TearDown]
    public void TearDown()
    {
        _client.Dispose();
        _working.Dispose();
    }

    private ImageName Image => _context.Options.Settings.Image;

    private BuildxImageBuilder Builder() => new(_context, _context.Options.Settings, _context.Options.Layout, () => _client);

    private async Task<OciDescriptor> PushImageAsync(Platform platform)
    {
        var config = Encoding.UTF8.GetBytes($$"""{"architecture":"{{platform.Architecture}}","os":"{{platform.Os}}"}""");
        await _client.UploadBlobAsync(Image.Repository, config);
        var manifest = new OciImageManifest { Config = OciDescriptor.Of(OciMediaTypes.ImageConfig, config) }.ToJson();
        var digest = await _client.PutManifestAsync(Image.Repository, OciDigest.Sha256(manifest), manifest, OciMediaTypes.ImageManifest);
        return new OciDescriptor(OciMediaTypes.ImageManifest, digest, manifest.Length) { Platform = OciPlatform.From(platform) };
    }

    [Test]
    public async Task The_index_buildx_pushed_is_the_one_to_tag_and_no_tag_names_it_yet()
    {
        var digest = "sha256:" + new string('7', 64);

        var index = await Builder().PushIndexAsync(new BuiltImage("buildx", [Amd64, Arm64], null, digest), Image, "1.2.3");

        Assert.That(index, Is.EqualTo(new PushedIndex(digest, FirstTagNamesIt: false)));
    }

    [Test]
    public async Task A_one_platform_push_by_digest_is_that_platforms_image()
    {
        var arm64 = await PushImageAsync(Arm64);

        var pushed = await Builder().PushPlatformsAsync(new BuiltImage("buildx", [Arm64], null, arm64.Digest), Image);

        Assert.That(pushed, Is.EqualTo(new Dictionary<Platform, string> { [Arm64] = arm64.Digest }));
    }

    [Test]
    public async Task A_push_by_digest_of_several_platforms_gives_each_the_image_its_index_lists()
    {
        var amd64 = await PushImageAsync(Amd64);
        var arm64 = await PushImageAsync(Arm64);
        var index = PlatformImages.Index([arm64, amd64]).ToJson();
        var digest = await _client.PutManifestAsync(Image.Repository, OciDigest.Sha256(index), index, OciMediaTypes.ImageIndex);

        var pushed = await Builder().PushPlatformsAsync(new BuiltImage("buildx", [Amd64, Arm64], null, digest), Image);

        Assert.That(pushed, Is.EqualTo(new Dictionary<Platform, string> { [Amd64] = amd64.Digest, [Arm64] = arm64.Digest }));
    }

    [Test]
    public async Task A_push_by_digest_buildx_did_not_make_is_an_error_naming_it()
    {
        var missing = "sha256:" + new string('8', 64);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Builder().PushPlatformsAsync(new BuiltImage("buildx", [Arm64], null, missing), Image));

        Assert.That(error!.Message, Is.EqualTo($"{Image.WithDigest(missing)} is not in the registry after docker buildx pushed it."));
    }
}
