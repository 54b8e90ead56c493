using System.Text;
using Build.Binaries;
using Build.Configuration;
using Build.Registry;
using Build.Tests.Support;
using static Build.Tests.Binaries.Layers;

namespace Build.Tests.Binaries;

/// <summary>Reading binaries with the project's registry client from a real registry process: index, manifests, config, layers.</summary>
[NonParallelizable]
public sealed class RegistryImageBinariesTests
{
    private RegistryProcess _registry = null!;
    private OciRegistryClient _client = null!;

    [OneTimeSetUp]
    public void Start()
    {
        _registry = new RegistryProcess();
        _client = _registry.Client();
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _client.Dispose();
        _registry.Dispose();
    }

    private ImageName Image(string repository) => ImageName.Parse($"{_registry.Address}/{repository}", "test");

    /// <summary>Pushes an index of one image per platform, each of the layers given and a config with <paramref name="entrypoint"/>; returns the index digest.</summary>
    private async Task<string> PushAsync(string repository, string? entrypoint, params (string Architecture, ImageLayer[] Layers)[] platforms)
    {
        var entries = new List<OciDescriptor>();
        foreach (var (architecture, layers) in platforms)
        {
            var settings = entrypoint is null ? "{}" : "{\"Entrypoint\":[\"" + entrypoint + "\"]}";
            var config = Encoding.UTF8.GetBytes("{\"architecture\":\"" + architecture + "\",\"os\":\"linux\",\"config\":" + settings + ",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}");
            await _client.UploadBlobAsync(repository, config);
            foreach (var layer in layers)
            {
                await _client.UploadBlobAsync(repository, layer.Blob);
            }

            var manifest = new OciImageManifest
            {
                Config = OciDescriptor.Of(OciMediaTypes.ImageConfig, config),
                Layers = layers.Select(layer => OciDescriptor.Of(OciMediaTypes.ImageLayer, layer.Blob)).ToList(),
            }.ToJson();
            var digest = await _client.PutManifestAsync(repository, OciDigest.Sha256(manifest), manifest, OciMediaTypes.ImageManifest);
            entries.Add(new OciDescriptor(OciMediaTypes.ImageManifest, digest, manifest.Length) { Platform = new OciPlatform("linux", architecture) });
        }

        var index = new OciIndex { Manifests = entries }.ToJson();
        return await _client.PutManifestAsync(repository, "1.2.3", index, OciMediaTypes.ImageIndex);
    }

    [Test]
    public async Task The_entrypoint_of_each_platform_image_is_read_through_its_layers()
    {
        var digest = await PushAsync(
            "acme/entrypoint",
            "/rds-csi-driver",
            ("amd64", [Layer(File("rds-csi-driver", "old amd64"), File("etc/os-release", "x")), Layer(File("rds-csi-driver", "amd64"))]),
            ("arm64", [Layer(File("rds-csi-driver", "arm64"))]));

        var platforms = await new RegistryImageBinaries(() => _client).ExtractAsync(Image("acme/entrypoint"), digest, []);

        Assert.That(platforms.Select(platform => platform.Platform), Is.EqualTo(new[] { new Platform("linux", "amd64"), new Platform("linux", "arm64") }));
        Assert.That(platforms.Select(platform => Encoding.UTF8.GetString(platform.Files.Single().Content)), Is.EqualTo(new[] { "amd64", "arm64" }));
        Assert.That(platforms[0].Files.Single().Path, Is.EqualTo("/rds-csi-driver"));
        var index = (await _client.GetManifestAsync("acme/entrypoint", digest))!.AsIndex();
        Assert.That(platforms.Select(platform => platform.Digest), Is.EqualTo(index.Manifests.Select(entry => entry.Digest)));
    }

    [Test]
    public async Task The_paths_of_the_setting_are_read_in_place_of_the_entrypoint()
    {
        var digest = await PushAsync("acme/paths", "/bin/sh", ("amd64", [Layer(File("usr/bin/a", "A"), Symlink("bin/b", "/usr/bin/a"))]));

        var files = (await new RegistryImageBinaries(() => _client).ExtractAsync(Image("acme/paths"), digest, ["/usr/bin/a", "/bin/b"])).Single().Files;

        Assert.That(files.Select(file => (file.Path, Encoding.UTF8.GetString(file.Content))), Is.EqualTo(new[] { ("/usr/bin/a", "A"), ("/bin/b", "A") }));
    }

    [Test]
    public async Task An_image_without_an_entrypoint_asks_for_the_setting()
    {
        var digest = await PushAsync("acme/noentry", null, ("amd64", [Layer(File("x", "x"))]));

        var exception = (await Assert.ThrowsAsync<ImageFileException>(() => new RegistryImageBinaries(() => _client).ExtractAsync(Image("acme/noentry"), digest, [])))!;

        Assert.That(exception.Message, Does.Contain("has no entrypoint").And.Contain("[Release] Binaries"));
    }

    [Test]
    public async Task A_missing_binary_is_named_with_its_platform()
    {
        var digest = await PushAsync("acme/missing", "/rds-csi-driver", ("arm64", [Layer(File("other", "x"))]));

        var exception = (await Assert.ThrowsAsync<ImageFileException>(() => new RegistryImageBinaries(() => _client).ExtractAsync(Image("acme/missing"), digest, [])))!;

        Assert.That(exception.Message, Does.StartWith("The linux/arm64 image: /rds-csi-driver is not in the image"));
    }

    [TestCase("rds-csi-driver")]
    [TestCase("/../rds-csi-driver")]
    public void An_entrypoint_that_is_not_a_plain_absolute_path_asks_for_the_setting(string entrypoint)
    {
        var config = Encoding.UTF8.GetBytes("{\"config\":{\"Entrypoint\":[\"" + entrypoint + "\",\"--flag\"]}}");

        Assert.That(() => RegistryImageBinaries.Entrypoint(config, "r@d"), Throws.InstanceOf<ImageFileException>().With.Message.Contain("not a plain absolute path").And.Message.Contain("Binaries=/usr/local/bin/rds-csi-driver"));
    }
}
