using System.Text.Json;
using Build.Configuration;
using Build.Images;
using Build.Releasing;
using Build.State;
using Build.Tasks;
using Build.Tests.Support;
using Cake.Core.IO;
using Path = System.IO.Path;

namespace Build.Tests.Tasks;

/// <summary>
/// Publish on an in-memory context (no git repository, no registry): real inputs on disk, real signing with a rehearsal
/// key, the release checks and GitHub replaced by stand-ins (FakeReleaseVerification, FakeGitHub, FakeReleaseDestination).
/// </summary>
public sealed class PublishTaskTests
{
    private const string Changelog = "# Changelog\n\n## [1.2.3] - 2026-01-02\n\n- Fixed volume expansion.\n";

    private TempDirectory _working = null!;
    private FakeGitHub _github = null!;
    private FakeReleaseVerification _verification = null!;

    [SetUp]
    public void SetUp()
    {
        _working = new TempDirectory();
        _github = new FakeGitHub("acme", "rds-csi", "ghp_FakeToken0123456789abcdefABCDEF0123");
        _verification = new FakeReleaseVerification();
    }

    [TearDown]
    public void TearDown()
    {
        _github.Dispose();
        _working.Dispose();
    }

    private string Bundle => _working.Combine("artifacts", "release", "1.2.3");

    /// <summary>A context of <paramref name="mode"/> with this run's results up to HelmPackage and the files Sign and Sbom leave.</summary>
    private BuildContext Context(ReleaseMode mode)
    {
        if (mode == ReleaseMode.Publish)
        {
            // Publish mode signs with a given key: the rehearsal key pair made here, without a password.
            var rehearsal = InMemoryContexts.Create(_working.Path, null, typeof(PublishTask));
            rehearsal.Services.Signer.PrepareKeys();
            rehearsal.Services.WaitForSigningKeys();
        }

        var arguments = mode == ReleaseMode.Publish ? new Dictionary<string, string> { [Arguments.SigningKey] = _working.Combine("artifacts", "keys", "cosign.key") } : null;
        var context = InMemoryContexts.Create(
            _working.Path,
            options => options with
            {
                Mode = mode,
                GitHub = new GitHubSettings(_github.BaseUri, _github.Owner, _github.Repository),
                Secrets = options.Secrets with { GitHubToken = _github.Token, CosignPassword = string.Empty },
            },
            arguments,
            typeof(PublishTask));
        context.Services.Use(_verification);
        context.Services.Signer.PrepareKeys();
        context.Services.WaitForSigningKeys();
        context.Services.State.Begin(context.Services.State.Recorded ?? new ReleaseState { Version = "1.2.3", Commit = InMemoryContexts.Version.Commit });
        context.Results.Version.Set(InMemoryContexts.Version);
        context.Results.Pushed.Set(InMemoryContexts.Pushed);
        context.Results.Chart.Set(WriteInputs(context.Options.Layout));
        return context;
    }

    private ChartArtifact WriteInputs(ArtifactLayout layout)
    {
        File.WriteAllText(_working.Combine("CHANGELOG.md"), Changelog);
        foreach (var file in new[] { layout.PlatformSbom(new Platform("linux", "amd64")), layout.PlatformSbom(new Platform("linux", "arm64")), layout.IndexSbom, layout.Provenance })
        {
            Directory.CreateDirectory(file.GetDirectory().FullPath);
            File.WriteAllText(file.FullPath, $"{{\"file\": \"{file.GetFilename()}\"}}\n");
        }

        var package = layout.Chart.CombineWithFilePath("rds-csi-driver-1.2.3.tgz");
        Directory.CreateDirectory(layout.Chart.FullPath);
        File.WriteAllText(package.FullPath, "a chart package");
        File.WriteAllText(package.FullPath + ".sig", "its signature");
        return new ChartArtifact(package, new FilePath(package.FullPath + ".sig"), "rds-csi-driver", "1.2.3", "127.0.0.1:5000/acme/rds-csi-driver:1.2.3", "sha256:" + new string('c', 64));
    }

    private static void Run(BuildContext context) => new PublishTask().RunAsync(context).GetAwaiter().GetResult();

    private static readonly string[] BundleAssets =
    [
        "rds-csi-driver-1.2.3.tgz", "rds-csi-driver-1.2.3.tgz.sig", "linux-amd64.spdx.json", "linux-arm64.spdx.json", "index.spdx.json",
        "provenance.slsa.json", "cosign.pub", "SHA256SUMS", "SHA256SUMS.sig",
    ];

    [Test]
    public void A_rehearsal_writes_the_bundle_verifies_it_and_never_calls_GitHub_FakeGitHub()
    {
        var context = Context(ReleaseMode.Rehearsal);

        Run(context);

        Assert.That(context.Services.ReleaseDestination, Is.InstanceOf<LocalBundleDestination>());
        Assert.That(_github.Requests, Is.Empty, "a rehearsal sends GitHub nothing");
        Assert.That(Directory.GetFiles(Bundle).Select(Path.GetFileName), Is.EquivalentTo(BundleAssets.Append("notes.md")));
        var sha256sum = Support.Run.Process("sha256sum", ["--check", "--strict", "SHA256SUMS"], Bundle);
        Assert.That(sha256sum.ExitCode, Is.EqualTo(0), sha256sum.ToString());
        Assert.That(File.ReadAllLines(Path.Combine(Bundle, "SHA256SUMS")), Has.Length.EqualTo(BundleAssets.Length - 2), "every asset but SHA256SUMS and its signature");
        Assert.That(
            OpenSsl.Verifies(File.ReadAllText(Path.Combine(Bundle, "cosign.pub")), File.ReadAllBytes(Path.Combine(Bundle, "SHA256SUMS")), File.ReadAllText(Path.Combine(Bundle, "SHA256SUMS.sig"))),
            Is.True,
            "openssl verifies SHA256SUMS.sig with the bundle's cosign.pub");
        Assert.That(_verification.Calls, Is.EqualTo(new[] { ("1.2.3", Bundle, "1.2.3") }), "the bundle itself is verified, by the version's own tag");
        Assert.That(context.Results.ReleaseDirectory.Value, Is.EqualTo(Bundle));
        Assert.That(context.Results.ReleaseUrl.HasValue, Is.False);
        var state = ReleaseState.Load(context.Options.Layout.StateFile.FullPath)!;
        Assert.That(state.VerifiedChecksums, Is.EqualTo(Checksums.Sha256(Path.Combine(Bundle, "SHA256SUMS"))));
        Assert.That(state.CompletedTasks, Does.Contain("Publish"));
        Assert.That(state.Release, Is.Null);
    }

    [Test]
    public void A_rehearsal_bundle_verified_before_and_unchanged_is_not_verified_again()
    {
        Run(Context(ReleaseMode.Rehearsal));
        var again = Context(ReleaseMode.Rehearsal);

        Run(again);

        Assert.That(_verification.Calls, Has.Count.EqualTo(1), "only the first run verified");
        var checksums = Checksums.Sha256(Path.Combine(Bundle, "SHA256SUMS"));
        Assert.That(((RecordingLog)again.Log).Text, Does.Contain($"VerifyRelease: this bundle (SHA256SUMS {checksums[..12]}) was verified before and nothing changed since"));
        Assert.That(((RecordingLog)again.Log).Text, Does.Contain("all already up to date (nothing changed)"));
    }

    [Test]
    public void A_publish_run_keeps_the_release_a_draft_until_every_asset_is_uploaded_FakeGitHub()
    {
        _github.AddTag("v1.2.3");
        var context = Context(ReleaseMode.Publish);

        Run(context);

        var release = _github.Release("v1.2.3");
        var api = _github.RepositoryPath;
        var lines = _github.RequestLines.ToList();
        var create = lines.IndexOf($"POST {api}/releases");
        var publish = lines.IndexOf($"PATCH {api}/releases/{release.Id}");
        var uploads = lines.Select((line, index) => (line, index)).Where(pair => pair.line.StartsWith($"POST {_github.UploadPath}/releases/{release.Id}/assets", StringComparison.Ordinal)).Select(pair => pair.index).ToList();
        using (var created = JsonDocument.Parse(_github.Requests[create].Body!))
        {
            Assert.That(created.RootElement.GetProperty("draft").GetBoolean(), Is.True, "created as a draft");
        }

        Assert.That(uploads, Has.Count.EqualTo(BundleAssets.Length));
        Assert.That(uploads, Is.All.GreaterThan(create).And.All.LessThan(publish), string.Join('\n', lines));
        using (var published = JsonDocument.Parse(_github.Requests[publish].Body!))
        {
            Assert.That(published.RootElement.GetProperty("draft").GetBoolean(), Is.False, "published once every asset is up");
        }

        Assert.That(release.Draft, Is.False);
        Assert.That(release.Body, Does.Contain("Fixed volume expansion."));
        Assert.That(release.Assets.Select(asset => (asset.Name, asset.Sha256)), Is.EquivalentTo(BundleAssets.Select(name => (name, "sha256:" + Checksums.Sha256(Path.Combine(Bundle, name))))));

        var verify = _working.Combine("artifacts", "verify", "1.2.3");
        Assert.That(_verification.Calls, Is.EqualTo(new[] { ("1.2.3", verify, "1.2.3") }), "what GitHub serves is verified, downloaded afresh");
        Assert.That(Directory.GetFiles(verify).Select(Path.GetFileName), Is.EquivalentTo(BundleAssets));
        var recorded = ReleaseState.Load(context.Options.Layout.StateFile.FullPath)!.Release!;
        Assert.That((recorded.Id, recorded.Published), Is.EqualTo((release.Id, true)));
        Assert.That(context.Results.ReleaseUrl.Value, Is.EqualTo(recorded.Url).And.EndsWith("/acme/rds-csi/releases/tag/v1.2.3"));
    }

    [Test]
    public void A_publish_run_hands_the_destination_the_whole_bundle_and_verifies_what_it_serves_FakeReleaseDestination()
    {
        var served = _working.Combine("served");
        var destination = new FakeReleaseDestination(served);
        var context = Context(ReleaseMode.Publish);
        context.Services.Use(destination);

        Run(context);

        Assert.That(destination.PublishedAssets, Is.EquivalentTo(BundleAssets.ToDictionary(name => name, name => Checksums.Sha256(Path.Combine(Bundle, name)))), "every asset, complete, when it is handed over");
        Assert.That(destination.Notes, Is.EqualTo(File.ReadAllText(Path.Combine(Bundle, "notes.md"))));
        Assert.That(destination.Fetched, Is.EqualTo(new[] { ("1.2.3", "v1.2.3") }));
        Assert.That(_verification.Calls, Is.EqualTo(new[] { ("1.2.3", served, "1.2.3") }), "not the local bundle");
        Assert.That(context.Results.ReleaseUrl.Value, Is.EqualTo(FakeReleaseDestination.Url));
        var recorded = ReleaseState.Load(context.Options.Layout.StateFile.FullPath)!.Release!;
        Assert.That((recorded.Id, recorded.Url), Is.EqualTo((42L, FakeReleaseDestination.Url)));
        Assert.That(_github.Requests, Is.Empty);
    }
}
