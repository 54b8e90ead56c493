using Build.Charts;
using Build.Configuration;
using Build.Registry;
using Build.Tests.Deploy;
using Build.Tests.Support;
using Cake.Core.Diagnostics;

namespace Build.Tests.Charts;

/// <summary>HelmPackage's sidecar policy on a real context and a real registry process: publishing refuses what a rehearsal only warns about.</summary>
public sealed class SidecarPinningTests : RegistryFixture
{
    private TempDirectory _directory = null!;
    private RecordingLog _log = null!;
    private string _values = null!;

    [SetUp]
    public void SetUp()
    {
        _directory = new TempDirectory("sidecar-pinning");
        _log = new RecordingLog();
        _values = _directory.Write("values.yaml", RepositoryFiles.Text("deploy/helm/rds-csi-driver/values.yaml"));
        SidecarMirror.MirrorInto(_values, Registry.Address);
    }

    [TearDown]
    public void TearDown() => _directory.Dispose();

    private BuildContext Context(string mode) => new(CakeContexts.Create(
        _directory.Path,
        arguments: new Dictionary<string, string> { ["mode"] = mode, ["image"] = $"{Registry.Address}/acme/rds-csi" },
        environment: new Dictionary<string, string?> { ["GITHUB_ACTIONS"] = null, ["REGISTRY_USERNAME"] = null, ["REGISTRY_PASSWORD"] = null },
        log: _log));

    private void MakeOneUnreachable() =>
        File.WriteAllText(_values, File.ReadAllText(_values).Replace($"{Registry.Address}/sig-storage/csi-snapshotter", $"127.0.0.1:{LocalRegistry.FreeLoopbackPort()}/sig-storage/csi-snapshotter", StringComparison.Ordinal));

    [Test]
    public async Task Publishing_pins_every_sidecar_and_logs_each_digest()
    {
        await Context("publish").PinSidecarDigestsAsync(_values);

        var sidecars = SidecarDigests.Read(_values);
        Assert.That(sidecars.Select(sidecar => sidecar.Digest), Is.All.Not.Null);
        foreach (var sidecar in sidecars)
        {
            Assert.That(_log.Text, Does.Contain($"Sidecar {sidecar.Name} pinned: {sidecar.Reference}@{Skopeo.Digest(sidecar.Reference)}"));
        }
    }

    [Test]
    public async Task Publishing_refuses_a_sidecar_it_cannot_pin_naming_the_image_and_the_fix()
    {
        MakeOneUnreachable();

        var exception = await Assert.ThrowsAsync<BuildConfigurationException>(() => Context("publish").PinSidecarDigestsAsync(_values));

        Assert.That(exception!.Message, Does.Contain("1 sidecar image(s) of the chart could not be pinned by digest").And.Contain("/sig-storage/csi-snapshotter:v8.5.0: 127.0.0.1:")
            .And.Contain("commit the digest as sidecars.NAME.image.digest"));
    }

    [Test]
    public async Task A_rehearsal_warns_which_sidecars_stay_unpinned_and_pins_the_others()
    {
        MakeOneUnreachable();

        await Context("rehearsal").PinSidecarDigestsAsync(_values);

        var warning = _log.Lines.Single(line => line.Level == LogLevel.Warning).Message;
        Assert.That(warning, Does.StartWith("1 of 6 sidecar images stay unpinned in this rehearsal's chart").And.Contain("/sig-storage/csi-snapshotter:v8.5.0"));
        Assert.That(SidecarDigests.Read(_values).Count(sidecar => sidecar.Digest is not null), Is.EqualTo(5));
    }
}
