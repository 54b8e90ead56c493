using System.Text.Json;
using Build.Charts;
using Build.Registry;
using Build.Tests.Deploy;
using Build.Tests.Support;

namespace Build.Tests.Charts;

/// <summary>
/// SidecarDigests on a copy of the chart's own values.yaml whose sidecars point at a real registry process, where
/// tiny images were copied with skopeo under the sidecars' paths and tags; digests are checked with skopeo.
/// </summary>
public sealed class SidecarDigestsTests : RegistryFixture
{
    private TempDirectory _directory = null!;
    private string _values = null!;

    [SetUp]
    public void SetUp()
    {
        _directory = new TempDirectory("sidecars");
        _values = _directory.Write("values.yaml", RepositoryFiles.Text("deploy/helm/rds-csi-driver/values.yaml"));
    }

    [TearDown]
    public void TearDown() => _directory.Dispose();

    private Task<IReadOnlyList<SidecarPin>> PinAsync()
    {
        var clients = new List<OciRegistryClient>();
        return new SidecarDigests(registry =>
        {
            var client = new OciRegistryClient(OciRegistryClient.BaseUriFor(registry), timeout: TimeSpan.FromSeconds(10));
            clients.Add(client);
            return client;
        }).PinAsync(_values).ContinueWith(task =>
        {
            clients.ForEach(client => client.Dispose());
            return task.Result;
        }, TaskScheduler.Default);
    }

    [Test]
    public void The_chart_names_six_sidecars_on_registry_k8s_io_each_by_tag_without_a_committed_digest()
    {
        var sidecars = SidecarDigests.Read(_values);

        Assert.That(sidecars.Select(sidecar => sidecar.Repository.Repository), Is.EquivalentTo(new[]
        {
            "sig-storage/csi-provisioner", "sig-storage/csi-attacher", "sig-storage/csi-resizer", "sig-storage/csi-snapshotter",
            "sig-storage/livenessprobe", "sig-storage/csi-node-driver-registrar",
        }));
        Assert.That(sidecars.Select(sidecar => sidecar.Repository.Registry), Is.All.EqualTo("registry.k8s.io"));
        Assert.That(sidecars.Select(sidecar => sidecar.Digest), Is.All.Null);
    }

    [Test]
    public async Task Each_sidecar_tag_is_pinned_to_the_index_digest_skopeo_reads_and_only_the_digest_lines_change()
    {
        var before = File.ReadAllLines(_values);
        var mirrored = SidecarMirror.MirrorInto(_values, Registry.Address);
        var pointed = File.ReadAllLines(_values);

        var pins = await PinAsync();

        Assert.That(pins, Has.Count.EqualTo(6));
        Assert.That(pins.Select(pin => pin.Unpinned), Is.All.Null);
        var after = File.ReadAllLines(_values);
        Assert.That(after, Has.Length.EqualTo(before.Length));
        Assert.That(Enumerable.Range(0, after.Length).Count(line => after[line] != pointed[line]), Is.EqualTo(6), "one digest line per sidecar, comments kept");
        foreach (var (sidecar, reference) in SidecarDigests.Read(_values).Zip(mirrored))
        {
            Assert.That(sidecar.Reference, Is.EqualTo(reference));
            Assert.That(sidecar.Digest, Is.EqualTo(Skopeo.Digest(reference)), reference);
            using var raw = JsonDocument.Parse(Skopeo.Raw($"{sidecar.Repository.FullName}@{sidecar.Digest}"));
            Assert.That(raw.RootElement.GetProperty("mediaType").GetString(), Is.EqualTo("application/vnd.oci.image.index.v1+json"), "the multi-platform index, not one platform's manifest");
        }
    }

    [Test]
    public async Task A_single_platform_image_is_pinned_to_its_manifest_digest()
    {
        var reference = $"{Registry.Address}/single/livenessprobe:v2.19.0";
        SidecarMirror.Push(reference, multiPlatform: false);
        File.WriteAllText(_values, File.ReadAllText(_values).Replace("registry.k8s.io/sig-storage/livenessprobe", $"{Registry.Address}/single/livenessprobe", StringComparison.Ordinal));

        var pin = (await PinAsync()).Single(pin => pin.Image.Name == "livenessProbe");

        Assert.That(pin.Digest, Is.EqualTo(Skopeo.Digest(reference)));
        Assert.That(SidecarDigests.Read(_values).Single(sidecar => sidecar.Name == "livenessProbe").Digest, Is.EqualTo(pin.Digest));
    }

    [Test]
    public async Task An_unreachable_registry_and_a_missing_tag_leave_those_sidecars_unpinned_saying_why()
    {
        SidecarMirror.MirrorInto(_values, Registry.Address);
        var closed = LocalRegistry.FreeLoopbackPort();
        File.WriteAllText(_values, File.ReadAllText(_values)
            .Replace($"{Registry.Address}/sig-storage/csi-attacher", $"127.0.0.1:{closed}/sig-storage/csi-attacher", StringComparison.Ordinal)
            .Replace("tag: v2.2.1", "tag: v9.9.9", StringComparison.Ordinal));

        var pins = await PinAsync();

        var unpinned = pins.Where(pin => !pin.IsPinned).ToDictionary(pin => pin.Image.Name, pin => pin.Unpinned);
        Assert.That(unpinned.Keys, Is.EquivalentTo(new[] { "attacher", "resizer" }));
        Assert.That(unpinned["attacher"], Does.StartWith($"127.0.0.1:{closed} could not be read"));
        Assert.That(unpinned["resizer"], Is.EqualTo($"{Registry.Address} has no {Registry.Address}/sig-storage/csi-resizer:v9.9.9"));
        var read = SidecarDigests.Read(_values).ToDictionary(sidecar => sidecar.Name);
        Assert.That(read["attacher"].Digest, Is.Null);
        Assert.That(read["resizer"].Digest, Is.Null);
        Assert.That(read["provisioner"].Digest, Is.Not.Null);
    }

    [Test]
    public async Task A_digest_committed_in_values_yaml_is_kept_without_asking_any_registry()
    {
        var committed = "sha256:" + new string('a', 64);
        var lines = File.ReadAllLines(_values).ToList();
        var provisioner = lines.FindIndex(line => line.Contains("csi-provisioner", StringComparison.Ordinal) && line.Contains("repository:", StringComparison.Ordinal));
        var digestLine = lines.FindIndex(provisioner, line => line.TrimStart().StartsWith("digest:", StringComparison.Ordinal));
        lines[digestLine] = lines[digestLine].Replace("\"\"", $"\"{committed}\"", StringComparison.Ordinal);
        File.WriteAllLines(_values, lines);
        var asked = new List<string>();

        var pins = await new SidecarDigests(registry =>
        {
            asked.Add(registry);
            return new OciRegistryClient(new Uri($"http://127.0.0.1:{LocalRegistry.FreeLoopbackPort()}/"), timeout: TimeSpan.FromSeconds(5));
        }).PinAsync(_values);

        var pin = pins.Single(pin => pin.Image.Name == "provisioner");
        Assert.That(pin.Digest, Is.EqualTo(committed));
        Assert.That(pin.WasCommitted, Is.True);
        Assert.That(asked, Has.Count.EqualTo(5), "the five others were looked up, the committed one was not");
    }

    [TestCase("repository: registry.k8s.io/sig-storage/csi-provisioner", "repository: csi-provisioner", "sidecars.provisioner.image.repository")]
    [TestCase("tag: v6.3.0", "tag: \"v6.3.0;rm -rf /\"", "sidecars.provisioner.image.tag 'v6.3.0;rm -rf /' is not an image tag")]
    [TestCase("tag: v6.3.0", "tag: \"\"", "sidecars.provisioner.image.tag is empty")]
    public void A_malformed_sidecar_image_is_refused_naming_its_key(string from, string to, string message)
    {
        File.WriteAllText(_values, File.ReadAllText(_values).Replace(from, to, StringComparison.Ordinal));

        var exception = Assert.Throws<ChartException>(() => SidecarDigests.Read(_values));

        Assert.That(exception!.Message, Does.Contain(_values).And.Contain(message));
    }

    [Test]
    public void A_committed_digest_that_is_not_sha256_hex_is_refused()
    {
        var text = File.ReadAllText(_values);
        var at = text.IndexOf("digest: \"\"", text.IndexOf("csi-attacher", StringComparison.Ordinal), StringComparison.Ordinal);
        File.WriteAllText(_values, text[..at] + "digest: \"sha256:ABC\"" + text[(at + "digest: \"\"".Length)..]);

        var exception = Assert.Throws<ChartException>(() => SidecarDigests.Read(_values));

        Assert.That(exception!.Message, Does.Contain("sidecars.attacher.image.digest 'sha256:ABC' is not sha256:<64 lowercase hex>"));
    }
}
