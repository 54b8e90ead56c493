using System.Text;
using Build.Artifacts;
using Build.Binaries;
using Build.Configuration;
using Build.State;
using Build.Tasks;
using Build.Tests.Support;
using Cake.Core.IO;
using Path = System.IO.Path;

namespace Build.Tests.Tasks;

/// <summary>Binaries on an in-memory context: the registry replaced by FakeImageBinaries, real packing, real signing with a rehearsal key.</summary>
public sealed class BinariesTaskTests
{
    private TempDirectory _working = null!;

    [SetUp]
    public void SetUp() => _working = new TempDirectory();

    [TearDown]
    public void TearDown() => _working.Dispose();

    private string Folder => _working.Combine("artifacts", "binaries", "1.2.3");

    private (BuildContext Context, FakeImageBinaries Binaries) Context(Func<BuildOptions, BuildOptions>? change = null)
    {
        var context = InMemoryContexts.Create(_working.Path, change ?? (options => options), null, typeof(BinariesTask), typeof(PublishTask));
        var binaries = new FakeImageBinaries();
        context.Services.Use(binaries);
        context.Results.Version.Set(InMemoryContexts.Version);
        context.Results.Pushed.Set(InMemoryContexts.Pushed);
        context.Services.State.Begin(new ReleaseState { Version = "1.2.3", Commit = InMemoryContexts.Version.Commit });
        context.Services.Signer.PrepareKeys();
        context.Services.WaitForSigningKeys();
        return (context, binaries);
    }

    private static void Run(BuildContext context) => new BinariesTask().RunAsync(context).GetAwaiter().GetResult();

    [Test]
    public void Run_packs_and_signs_one_archive_per_platform_with_the_repository_s_LICENSE_and_README_FakeImageBinaries()
    {
        _working.Write("LICENSE", "Apache-2.0\n");
        _working.Write("README.md", "# rds-csi\n");
        var (context, binaries) = Context();

        Run(context);

        Assert.That(binaries.Calls, Is.EqualTo(new[] { (InMemoryContexts.Pushed.Repository, InMemoryContexts.Pushed.IndexDigest, "") }), "the pushed index, by digest; no paths set: the entrypoint");
        foreach (var architecture in new[] { "amd64", "arm64" })
        {
            var archive = Path.Combine(Folder, $"rds-csi-driver_1.2.3_linux_{architecture}.tar.gz");
            var files = BinaryArchive.Read(archive);
            Assert.That(files.Keys, Is.EquivalentTo(new[] { "LICENSE", "README.md", "rds-csi-driver" }));
            Assert.That(Encoding.UTF8.GetString(files["rds-csi-driver"]), Is.EqualTo("driver for " + architecture));
            Assert.That(context.Services.Signer.BlobVerifies(new FilePath(archive)), Is.True, "signed, and the signature verifies");
        }

        Assert.That(context.Results.Artifacts.OfKind(ArtifactKind.BinaryArchive).Select(artifact => artifact.Name), Is.EqualTo(new[] { "rds-csi-driver_1.2.3_linux_amd64.tar.gz", "rds-csi-driver_1.2.3_linux_arm64.tar.gz" }));
        var recorded = ReleaseState.Load(_working.Combine("artifacts", ReleaseState.FileName))!;
        Assert.That(recorded.CompletedTasks, Does.Contain("Binaries"));
        Assert.That(recorded.Binaries["rds-csi-driver_1.2.3_linux_amd64.tar.gz"], Is.EqualTo(Build.Releasing.Checksums.Sha256(Path.Combine(Folder, "rds-csi-driver_1.2.3_linux_amd64.tar.gz"))));
    }

    [Test]
    public void A_second_run_changes_no_byte_and_keeps_the_signatures_that_verify_FakeImageBinaries()
    {
        Run(Context().Context);
        var before = Directory.GetFiles(Folder).Order().ToDictionary(file => file, File.ReadAllBytes);
        var times = before.Keys.ToDictionary(file => file, File.GetLastWriteTimeUtc);
        Thread.Sleep(1100);

        Run(Context().Context);

        Assert.That(Directory.GetFiles(Folder).Order(), Is.EqualTo(before.Keys));
        Assert.That(before.Keys.Select(File.ReadAllBytes), Is.EqualTo(before.Values));
        Assert.That(before.Keys.Select(File.GetLastWriteTimeUtc), Is.EqualTo(times.Values), "not even rewritten");
    }

    [Test]
    public void The_paths_of_the_setting_are_asked_for_and_an_archive_of_an_earlier_run_no_longer_made_is_removed_FakeImageBinaries()
    {
        Directory.CreateDirectory(Folder);
        File.WriteAllText(Path.Combine(Folder, "rds-csi-driver_1.2.3_linux_s390x.tar.gz"), "stale");
        var (context, binaries) = Context(options => options with { Binaries = BinarySettings.Parse("/usr/bin/rds-csi-driver,/usr/bin/rds-csi-helper") });

        Run(context);

        Assert.That(binaries.Calls.Single().Paths, Is.EqualTo("/usr/bin/rds-csi-driver,/usr/bin/rds-csi-helper"));
        Assert.That(BinaryArchive.Read(Path.Combine(Folder, "rds-csi-driver_1.2.3_linux_arm64.tar.gz")).Keys, Is.EquivalentTo(new[] { "rds-csi-driver", "rds-csi-helper" }), "one archive per platform holds every binary");
        Assert.That(File.Exists(Path.Combine(Folder, "rds-csi-driver_1.2.3_linux_s390x.tar.gz")), Is.False);
    }

    [Test]
    public void It_runs_after_the_chart_is_packaged_and_before_Publish_and_declares_the_registry_the_keys_and_the_pushed_image()
    {
        var (context, _) = Context();
        var needs = new BinariesTask().Needs(context);

        Assert.That((needs.Registry, needs.SigningKeys, needs.PushedImage), Is.EqualTo((true, true, true)));
        Assert.That(typeof(PublishTask).GetCustomAttributes(typeof(IsDependentOnAttribute), false).Cast<IsDependentOnAttribute>().Select(attribute => attribute.Task), Does.Contain(typeof(BinariesTask)));
        Assert.That(typeof(BinariesTask).GetCustomAttributes(typeof(IsDependentOnAttribute), false).Cast<IsDependentOnAttribute>().Select(attribute => attribute.Task), Does.Contain(typeof(HelmPackageTask)), "after the scan, in one line of tasks");
    }
}
