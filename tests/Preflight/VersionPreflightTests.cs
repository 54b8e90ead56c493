using System.Security.Cryptography;
using System.Text;
using Build.Configuration;
using Build.Preflight;
using Build.State;
using Build.Tasks;
using Build.Tests.Support;

namespace Build.Tests.Preflight;

/// <summary>
/// The checks that need the version (run by the Version task, before anything is built or pushed): one version is
/// released from one commit, a published version has its CHANGELOG section, a tag in the registry is never moved
/// from another commit's image unless --force says so. The registry is a real docker-registry on a free loopback port.
/// </summary>
public sealed class VersionPreflightTests
{
    private static readonly string OtherCommit = new('b', 40);
    private TempDirectory _working = null!;

    [SetUp]
    public void SetUp() => _working = new TempDirectory();

    [TearDown]
    public void TearDown() => _working.Dispose();

    private BuildContext Context(Dictionary<string, string>? arguments, bool force, params Type[] plan) =>
        InMemoryContexts.Create(_working.Path, options => options with { Force = force }, arguments, plan);

    private static void Run(BuildContext context) => VersionPreflight.RunAsync(context, InMemoryContexts.Version).GetAwaiter().GetResult();

    private static void Record(BuildContext context, string version, string commit) =>
        new ReleaseState { Version = version, Commit = commit }.Save(context.Options.Layout.StateFile.FullPath);

    [Test]
    public void A_version_recorded_from_another_commit_stops_naming_the_state_file_both_commits_and_force()
    {
        var context = Context(null, false, typeof(VersionTask));
        Record(context, "1.2.3", OtherCommit);

        var error = Assert.Throws<BuildConfigurationException>(() => Run(context))!;

        Assert.That(error.Message, Is.EqualTo(
            $"{context.Options.Layout.StateFile.FullPath} records release 1.2.3 from commit bbbbbbb, but HEAD is aaaaaaa: " +
            "a version is released from one commit. Tag a new version, or pass --force to release 1.2.3 from aaaaaaa."));
    }

    [Test]
    public void Force_releases_a_version_recorded_from_another_commit()
    {
        var context = Context(null, true, typeof(VersionTask));
        Record(context, "1.2.3", OtherCommit);

        Assert.DoesNotThrow(() => Run(context));
    }

    [TestCase("1.2.3", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [TestCase("1.2.2", "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb")]
    public void A_recorded_run_of_this_commit_or_of_another_version_does_not_stop_it(string version, string commit)
    {
        var context = Context(null, false, typeof(VersionTask));
        Record(context, version, commit);

        Assert.DoesNotThrow(() => Run(context));
    }

    [Test]
    public void A_published_version_whose_CHANGELOG_has_no_section_stops_naming_the_file_and_the_heading_to_add()
    {
        File.WriteAllText(Path.Combine(_working.Path, "CHANGELOG.md"), "# Changelog\n\n## [1.2.2] - 2026-01-01\n\n- older\n");
        var context = Context(new() { ["mode"] = "publish", ["image"] = $"127.0.0.1:{ReleasePreflightTests.ClosedPort()}/acme/x" }, false, typeof(PublishTask));

        var error = Assert.Throws<BuildConfigurationException>(() => Run(context))!;

        Assert.That(error.Message, Does.StartWith("CHANGELOG.md has no section for 1.2.3: add '## [1.2.3] - ").And.EndWith("' with what changed (Keep a Changelog), commit, and tag again."));
    }

    [Test]
    public void A_published_version_with_its_CHANGELOG_section_passes()
    {
        File.WriteAllText(Path.Combine(_working.Path, "CHANGELOG.md"), "# Changelog\n\n## [1.2.3] - 2026-01-01\n\n- new\n");
        var context = Context(new() { ["mode"] = "publish", ["image"] = $"127.0.0.1:{ReleasePreflightTests.ClosedPort()}/acme/x" }, false, typeof(PublishTask));

        Assert.DoesNotThrow(() => Run(context));
    }

    [Test]
    public void A_rehearsal_does_not_check_the_CHANGELOG_before_the_first_task()
    {
        var context = Context(null, false, typeof(PublishTask));

        Assert.DoesNotThrow(() => Run(context));
        Assert.That(((RecordingLog)context.Log).Text, Does.Not.Contain("CHANGELOG.md"));
    }

    [Test]
    public void A_missing_chart_is_left_to_the_preflight_by_the_chart_tag_check()
    {
        // The default chart folder, deploy/helm/rds-csi-driver, does not exist in this empty working directory.
        var context = Context(new() { ["image"] = $"127.0.0.1:{ReleasePreflightTests.ClosedPort()}/acme/x" }, false, typeof(HelmPackageTask));

        Assert.DoesNotThrow(() => Run(context));
    }

    /// <summary>Pushes a one-layer image whose config carries <paramref name="revision"/> as its revision label, tagged <paramref name="tag"/>.</summary>
    private static void PushImage(RegistryProcess registry, string repository, string tag, string revision)
    {
        var client = registry.Client();
        var config = Encoding.UTF8.GetBytes($$$"""{"architecture":"amd64","os":"linux","config":{"Labels":{"org.opencontainers.image.revision":"{{{revision}}}"}},"rootfs":{"type":"layers","diff_ids":["sha256:{{{new string('0', 64)}}}"]}}""");
        var layer = Encoding.UTF8.GetBytes("not really a layer");
        var configDigest = client.UploadBlobAsync(repository, config).GetAwaiter().GetResult();
        var layerDigest = client.UploadBlobAsync(repository, layer).GetAwaiter().GetResult();
        var manifest = Encoding.UTF8.GetBytes($$$"""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{{{configDigest}}}","size":{{{config.Length}}}},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"{{{layerDigest}}}","size":{{{layer.Length}}}}]}""");
        client.PutManifestAsync(repository, tag, manifest, "application/vnd.oci.image.manifest.v1+json").GetAwaiter().GetResult();
        Assert.That(configDigest, Is.EqualTo("sha256:" + Convert.ToHexStringLower(SHA256.HashData(config))));
    }

    [Test]
    public void A_tag_released_from_another_commit_stops_before_anything_is_pushed_naming_both_commits_and_force()
    {
        using var registry = new RegistryProcess();
        PushImage(registry, "acme/x", "1.2.3", OtherCommit);
        var context = Context(new() { ["image"] = registry.Address + "/acme/x" }, false, typeof(PushTask));

        var error = Assert.Throws<BuildConfigurationException>(() => Run(context))!;

        Assert.That(error.Message, Is.EqualTo(
            $"{registry.Address}/acme/x:1.2.3 is already released from another commit (org.opencontainers.image.revision {OtherCommit}, not {InMemoryContexts.Version.Commit}): " +
            "1.2.3 was released with different content. Release a new version; --force moves the tags (the old image stays by its digest)."));
    }

    [Test]
    public void Force_moves_a_tag_released_from_another_commit()
    {
        using var registry = new RegistryProcess();
        PushImage(registry, "acme/x", "1.2.3", OtherCommit);

        Assert.DoesNotThrow(() => Run(Context(new() { ["image"] = registry.Address + "/acme/x" }, true, typeof(PushTask))));
    }

    [Test]
    public void A_tag_holding_this_commits_image_or_no_tag_at_all_passes()
    {
        using var registry = new RegistryProcess();
        PushImage(registry, "acme/x", "1.2.3", InMemoryContexts.Version.Commit);

        Assert.DoesNotThrow(() => Run(Context(new() { ["image"] = registry.Address + "/acme/x" }, false, typeof(PushTask))));
        Assert.DoesNotThrow(() => Run(Context(new() { ["image"] = registry.Address + "/acme/other" }, false, typeof(PushTask))));
    }
}
