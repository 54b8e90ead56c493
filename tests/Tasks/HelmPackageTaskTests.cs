using Build.Charts;
using Build.Images;
using Build.State;
using Build.Tasks;
using Build.Tests.Support;
using Cake.Core.IO;
using Path = System.IO.Path;

namespace Build.Tests.Tasks;

/// <summary>HelmPackage's policy on an in-memory context: the resume step's findings are given, ShouldRun only compares them.</summary>
public sealed class HelmPackageTaskTests
{
    private static readonly ChartArtifact Chart = new(new FilePath("/w/artifacts/chart/rds-csi-1.2.3.tgz"), new FilePath("/w/artifacts/chart/rds-csi-1.2.3.tgz.sig"), "rds-csi", "1.2.3", "127.0.0.1:5000/acme/charts/rds-csi:1.2.3", "sha256:" + new string('c', 64));

    private TempDirectory _working = null!;

    [SetUp]
    public void SetUp() => _working = new TempDirectory();

    [TearDown]
    public void TearDown() => _working.Dispose();

    private BuildContext Context(ResumedRun resumed, bool force = false)
    {
        var context = InMemoryContexts.Create(_working.Path, options => options with { Force = force }, null, typeof(HelmPackageTask), typeof(PublishTask));
        context.UseResumed(resumed);
        return context;
    }

    private static ResumedRun Published(string? pinnedDigest = null) => new()
    {
        Pushed = InMemoryContexts.Pushed,
        Chart = Chart,
        ChartStillPublished = true,
        ChartPins = (InMemoryContexts.Pushed.Repository.FullName, pinnedDigest ?? InMemoryContexts.Pushed.IndexDigest),
    };

    [Test]
    public void An_earlier_package_that_still_holds_and_pins_the_image_is_kept()
    {
        var task = new HelmPackageTask();
        var context = Context(Published());

        Assert.That(task.ShouldRun(context), Is.False);
        Assert.That(context.Results.Chart.HasValue, Is.False, "ShouldRun only reads: the kept chart is the resumed one, not written as this run's");
        Assert.That(context.RequireChart(), Is.SameAs(Chart), "what Release then bundles");
        Assert.That(task.SkippedMessage, Is.EqualTo("already packaged rds-csi-1.2.3.tgz from this commit; it is unchanged, its signature verifies and oci://127.0.0.1:5000/acme/charts/rds-csi:1.2.3 still has it"));
    }

    [Test]
    public void A_package_pinning_another_image_than_this_run_pushed_is_made_again()
    {
        var context = Context(Published());
        context.Results.Pushed.Set(InMemoryContexts.Pushed with { IndexDigest = "sha256:" + new string('7', 64) });

        Assert.That(new HelmPackageTask().ShouldRun(context), Is.True);
    }

    [Test]
    public void A_package_no_longer_published_is_made_again()
    {
        Assert.That(new HelmPackageTask().ShouldRun(Context(Published() with { ChartStillPublished = false })), Is.True);
    }

    [Test]
    public void Force_packages_again()
    {
        Assert.That(new HelmPackageTask().ShouldRun(Context(Published(), force: true)), Is.True);
    }

    [Test]
    public void Without_an_earlier_chart_it_packages()
    {
        Assert.That(new HelmPackageTask().ShouldRun(Context(ResumedRun.Nothing with { Pushed = InMemoryContexts.Pushed })), Is.True);
    }

    [Test]
    public void Run_packages_the_released_copy_signs_it_and_pushes_it_through_the_chart_publisher_FakeChartPublisher()
    {
        var committedValues = WriteChart();
        var context = Context(ResumedRun.Nothing with { Pushed = InMemoryContexts.Pushed });
        var publisher = new FakeChartPublisher();
        context.Services.Use(publisher);
        context.Results.Version.Set(InMemoryContexts.Version);
        context.Services.State.Begin(new ReleaseState { Version = "1.2.3", Commit = InMemoryContexts.Version.Commit });
        context.Services.Signer.PrepareKeys();

        new HelmPackageTask().RunAsync(context).GetAwaiter().GetResult();

        var copy = Path.Combine(_working.Path, "artifacts", "chart", "rds-csi-driver");
        Assert.That(publisher.Packaged, Is.EqualTo(new[] { copy }), "the released copy is packaged, never the committed chart");
        Assert.That(File.ReadAllText(Path.Combine(copy, "Chart.yaml")), Does.Contain("version: 1.2.3").And.Contain("appVersion: 1.2.3"));
        Assert.That(File.ReadAllText(Path.Combine(copy, "values.yaml")), Does.Contain($"digest: \"{InMemoryContexts.Pushed.IndexDigest}\"").And.Contain("repository: \"127.0.0.1:5000/acme/rds-csi\""));
        Assert.That(File.ReadAllText(Path.Combine(_working.Path, "deploy", "helm", "rds-csi-driver", "values.yaml")), Is.EqualTo(committedValues), "the committed values.yaml is not edited");

        var chart = context.Results.Chart.Value;
        Assert.That(publisher.Pushed, Is.EqualTo(new[] { chart.Package.FullPath }));
        Assert.That((chart.OciReference, chart.OciDigest), Is.EqualTo((FakeChartPublisher.Reference, FakeChartPublisher.Digest)));
        Assert.That(context.Services.Signer.BlobVerifies(chart.Package), Is.True, "the package is signed and the signature verifies");
        var recorded = ReleaseState.Load(Path.Combine(_working.Path, "artifacts", ReleaseState.FileName))!;
        Assert.That(recorded.Chart!.OciDigest, Is.EqualTo(FakeChartPublisher.Digest));
        Assert.That(recorded.CompletedTasks, Does.Contain("HelmPackage"));
        Assert.That(context.Results.Artifacts.OfKind(Build.Artifacts.ArtifactKind.Chart).Single().Digest, Is.EqualTo(FakeChartPublisher.Digest));
    }

    [Test]
    public void Run_Helm_signs_the_package_with_the_rehearsal_key_gpg_verifies_and_a_second_run_keeps_the_prov_byte_for_byte_FakeChartPublisher()
    {
        WriteChart();
        RunOnce();
        var provenance = Path.Combine(_working.Path, "artifacts", "chart", "rds-csi-driver-1.2.3.tgz.prov");
        var package = Path.Combine(_working.Path, "artifacts", "chart", "rds-csi-driver-1.2.3.tgz");
        var first = (File.ReadAllBytes(provenance), File.GetLastWriteTimeUtc(provenance));

        using var gpg = new Gpg();
        gpg.Import(File.ReadAllText(Path.Combine(_working.Path, "artifacts", "keys", "helm-signing.asc")));
        var verify = gpg.Verify(provenance);
        Assert.That(verify.ExitCode, Is.EqualTo(0), verify.ToString());
        var sha256 = Run.Process("sha256sum", [package]).Output.Split(' ')[0];
        var copiedChart = File.ReadAllText(Path.Combine(_working.Path, "artifacts", "chart", "rds-csi-driver", "Chart.yaml"));
        Assert.That(gpg.SignedText(provenance), Does.StartWith(copiedChart + "\n...\nfiles:\n  rds-csi-driver-1.2.3.tgz: sha256:" + sha256));

        RunOnce();

        Assert.That((File.ReadAllBytes(provenance), File.GetLastWriteTimeUtc(provenance)), Is.EqualTo(first), "a re-run leaves the .prov as it was");
    }

    [Test]
    public void Run_writes_Artifact_Hub_s_annotations_into_the_released_Chart_yaml_naming_the_pushed_index_digest_and_the_Helm_key_FakeChartPublisher()
    {
        WriteChart();
        RunOnce();

        var copied = File.ReadAllText(Path.Combine(_working.Path, "artifacts", "chart", "rds-csi-driver", "Chart.yaml"));
        var annotations = ChartMetadata.Parse(copied, "Chart.yaml").Annotations;
        var fingerprint = Build.Signing.HelmSigningKey.ReadPublic(File.ReadAllText(Path.Combine(_working.Path, "artifacts", "keys", "helm-signing.asc")), "helm-signing.asc").GetPublicKey().GetFingerprint();
        Assert.That(copied, Does.StartWith("# the chart\napiVersion: v2\n"), "comments are kept");
        Assert.That(annotations["artifacthub.io/images"], Is.EqualTo($"- name: \"rds-csi\"\n  image: \"127.0.0.1:5000/acme/rds-csi:{InMemoryContexts.Pushed.Tags[0]}@{InMemoryContexts.Pushed.IndexDigest}\"\n"));
        Assert.That(annotations["artifacthub.io/signKey"], Does.StartWith("fingerprint: " + Convert.ToHexString(fingerprint) + "\n"));
    }

    [Test]
    public void An_earlier_prov_that_verifies_for_the_same_package_is_kept_even_when_a_new_signature_would_differ_FakeChartPublisher()
    {
        WriteChart();
        RunOnce();
        var provenance = Path.Combine(_working.Path, "artifacts", "chart", "rds-csi-driver-1.2.3.tgz.prov");
        var key = Build.Signing.HelmSigningKey.Load(File.ReadAllText(Path.Combine(_working.Path, "artifacts", "keys", "helm-signing.key")), string.Empty, "helm-signing.key");
        var earlier = HelmProvenance.Sign(HelmProvenance.MessageFor(provenance[..^".prov".Length]), key, DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(provenance, earlier);
        Assert.That(File.ReadAllText(provenance), Is.Not.EqualTo(HelmProvenance.Sign(HelmProvenance.MessageFor(provenance[..^".prov".Length]), key, InMemoryContexts.Version.CommitTime)), "signed at another time, as a key with random signatures would");

        RunOnce();

        Assert.That(File.ReadAllText(provenance), Is.EqualTo(earlier));
    }

    [Test]
    public void The_changelog_section_of_the_release_becomes_Artifact_Hub_s_changes_FakeChartPublisher()
    {
        WriteChart();
        File.WriteAllText(Path.Combine(_working.Path, "CHANGELOG.md"), "# Changelog\n\n## [1.2.3] - 2026-11-29\n\n### Added\n- Helm provenance files\n\n## [1.2.2] - 2026-11-01\n\n### Fixed\n- older\n");

        RunOnce();

        var copied = File.ReadAllText(Path.Combine(_working.Path, "artifacts", "chart", "rds-csi-driver", "Chart.yaml"));
        Assert.That(ChartMetadata.Parse(copied, "Chart.yaml").Annotations["artifacthub.io/changes"], Is.EqualTo("- kind: added\n  description: \"Helm provenance files\"\n"));
    }

    [Test]
    public void Publishing_without_a_Helm_key_warns_and_removes_a_prov_an_earlier_run_left_so_none_is_released_FakeChartPublisher()
    {
        WriteChart();
        var stale = Path.Combine(_working.Path, "artifacts", "chart", "rds-csi-driver-1.2.3.tgz.prov");
        Directory.CreateDirectory(Path.GetDirectoryName(stale)!);
        File.WriteAllText(stale, "an earlier run's provenance");
        File.WriteAllText(Path.Combine(_working.Path, "cosign.key"), Build.Signing.CosignKeys.Generate("pw").PrivatePem);
        var log = new RecordingLog();
        var context = InMemoryContexts.CreateLoggedWith(
            _working.Path,
            log,
            options => options with { Mode = Build.Configuration.ReleaseMode.Publish, Secrets = options.Secrets with { CosignPassword = "pw" } },
            new Dictionary<string, string> { [Arguments.SigningKey] = Path.Combine(_working.Path, "cosign.key"), [Arguments.BumpChart] = "true" },
            typeof(HelmPackageTask),
            typeof(PublishTask));
        context.UseResumed(ResumedRun.Nothing with { Pushed = InMemoryContexts.Pushed });
        context.Services.Use(new FakeChartPublisher());
        context.Results.Version.Set(InMemoryContexts.Version);
        context.Services.State.Begin(new ReleaseState { Version = "1.2.3", Commit = InMemoryContexts.Version.Commit });
        context.Services.Signer.PrepareKeys();

        new HelmPackageTask().RunAsync(context).GetAwaiter().GetResult();

        Assert.That(File.Exists(stale), Is.False);
        Assert.That(File.Exists(Path.Combine(_working.Path, "artifacts", "chart", "rds-csi-driver-1.2.3.tgz")), Is.True, "the chart is still packaged and released");
        Assert.That(log.Lines.Where(line => line.Level == Cake.Core.Diagnostics.LogLevel.Warning).Select(line => line.Message), Has.One.StartsWith("HELM_SIGNING_KEY is not set: the chart is released without a Helm provenance file"));
        var annotations = ChartMetadata.Parse(File.ReadAllText(Path.Combine(_working.Path, "artifacts", "chart", "rds-csi-driver", "Chart.yaml")), "Chart.yaml").Annotations;
        Assert.That(annotations.Keys, Has.None.EqualTo("artifacthub.io/signKey").And.Some.EqualTo("artifacthub.io/images"));
    }

    /// <summary>One rehearsal run of HelmPackage on a fresh context over the working folder (the fake publisher packages and pushes).</summary>
    private void RunOnce()
    {
        var context = Context(ResumedRun.Nothing with { Pushed = InMemoryContexts.Pushed });
        context.Services.Use(new FakeChartPublisher());
        context.Results.Version.Set(InMemoryContexts.Version);
        context.Services.State.Begin(new ReleaseState { Version = "1.2.3", Commit = InMemoryContexts.Version.Commit });
        context.Services.Signer.PrepareKeys();
        new HelmPackageTask().RunAsync(context).GetAwaiter().GetResult();
    }

    [Test]
    public void Without_helm_on_the_PATH_the_native_chart_publisher_is_chosen()
    {
        Assert.That(Context(ResumedRun.Nothing).Services.ChartPublisher, Is.InstanceOf<NativeChartPublisher>());
    }

    [Test]
    public void With_helm_on_the_PATH_the_helm_CLI_chart_publisher_is_chosen_FakeHelm()
    {
        using var helm = new FakeTool("helm", "echo 'version.BuildInfo{Version:\"v3.16.0\"}'\n");
        var context = new BuildContext(helm.Context(_working.Path));

        Assert.That(context.Services.ChartPublisher, Is.InstanceOf<HelmCliChartPublisher>());
    }

    /// <summary>A committed chart of another version (Chart.yaml 1.0.0) without sidecars; returns its values.yaml.</summary>
    private string WriteChart()
    {
        var chart = Path.Combine(_working.Path, "deploy", "helm", "rds-csi-driver");
        Directory.CreateDirectory(chart);
        File.WriteAllText(Path.Combine(chart, "Chart.yaml"), "# the chart\napiVersion: v2\nname: rds-csi-driver\nversion: 1.0.0\nappVersion: 1.0.0\n");
        var values = "image:\n  repository: ghcr.io/3whiskeywhiskey/rds-csi\n  tag: \"\"\n  digest: \"\"\n";
        File.WriteAllText(Path.Combine(chart, "values.yaml"), values);
        return values;
    }

    /// <summary>A stand-in for the chart publisher's push (it packages for real): records what it was given.</summary>
    private sealed class FakeChartPublisher : IChartPublisher
    {
        public const string Reference = "127.0.0.1:5000/acme/rds-csi-driver:1.2.3";
        public static readonly string Digest = "sha256:" + new string('d', 64);

        public List<string> Packaged { get; } = [];

        public List<string> Pushed { get; } = [];

        /// <summary>Packages with the real, reproducible packager (the .prov is made from the package's Chart.yaml); only pushing is faked.</summary>
        public FilePath Package(DirectoryPath chart, DirectoryPath output, DateTimeOffset commitTime)
        {
            Packaged.Add(chart.FullPath);
            return new FilePath(ChartPackager.Package(chart.FullPath, output.FullPath, commitTime).Path);
        }

        public Task<PushedChart> PushAsync(FilePath package)
        {
            Pushed.Add(package.FullPath);
            return Task.FromResult(new PushedChart(Reference, Digest));
        }
    }
}
