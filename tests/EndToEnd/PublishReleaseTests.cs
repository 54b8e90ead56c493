using Build.Tests.Support;

namespace Build.Tests.EndToEnd;

/// <summary>
/// A whole publish-mode release against a real registry and the GitHub contract server, with a key pair and a fake trivy
/// (both named in <see cref="PublishSetup"/>): a published release with every asset once, then a re-run that changes nothing.
/// </summary>
[NonParallelizable]
public sealed class PublishReleaseTests
{
    [Test]
    public void A_publish_run_publishes_every_asset_once_and_a_rerun_changes_nothing_Contract()
    {
        using var registry = new RegistryProcess();
        using var setup = new PublishSetup("v2.0.0", "2.0.0", registry.Address);
        var image = $"{registry.Address}/acme/published";

        var first = BuildProgram.Run(setup.Repository.Path, setup.Arguments(image), setup.Environment, TimeSpan.FromMinutes(10));

        Assert.That(first.ExitCode, Is.EqualTo(0), first.ToString());
        var release = setup.GitHub.Release("v2.0.0");
        Assert.That(release.Draft, Is.False);
        Assert.That(release.Prerelease, Is.False);
        Assert.That(release.Body, Does.Contain("The first release of the sample").And.Contain("cosign verify --key cosign.pub"));
        var bundle = Path.Combine(setup.Repository.Path, "artifacts", "release", "2.0.0");
        var assets = Directory.GetFiles(bundle).Select(Path.GetFileName).Where(name => name != "notes.md").ToList();
        Assert.That(release.Assets.Select(asset => asset.Name), Is.EquivalentTo(assets), "every asset exactly once");
        Assert.That(assets, Is.SupersetOf(new[] { "driver_2.0.0_linux_amd64.tar.gz", "driver_2.0.0_linux_amd64.tar.gz.sig", "driver_2.0.0_linux_arm64.tar.gz", "driver_2.0.0_linux_arm64.tar.gz.sig" }), "the image's entrypoint, released per platform");
        foreach (var asset in release.Assets)
        {
            Assert.That(asset.Content, Is.EqualTo(File.ReadAllBytes(Path.Combine(bundle, asset.Name))), asset.Name);
        }

        Assert.That(first.Output, Does.Contain("VerifyRelease OK     every file listed in SHA256SUMS matches its sha256"));
        Assert.That(first.Output, Does.Contain("VerifyRelease OK     the chart pins its 6 sidecar images by digest"));
        var values = ChartValues(Path.Combine(bundle, "rds-csi-driver-2.0.0.tgz"));
        var sidecars = Build.Charts.SidecarDigests.Parse(values, "values.yaml");
        Assert.That(sidecars, Has.Count.EqualTo(6));
        foreach (var sidecar in sidecars)
        {
            Assert.That(sidecar.Digest, Is.EqualTo(Skopeo.Digest(sidecar.Reference)), $"the released chart pins {sidecar.Reference} to what skopeo reads");
        }
        Assert.That(first.All, Does.Not.Contain(PublishSetup.Token).And.Not.Contain(PublishSetup.Password));

        // The Helm repository: one orphan commit on gh-pages whose index lists the release asset with sha256sum's digest.
        var pages = setup.GitHub.History("gh-pages");
        Assert.That(pages, Has.Count.EqualTo(1));
        Assert.That(pages[0].Parents, Is.Empty);
        var entry = HelmRepository.LocalHelmRepositoryTests.Entries(setup.GitHub.FileAt("gh-pages", "index.yaml")!, "rds-csi-driver").Single();
        Assert.That(entry, Is.EqualTo(("2.0.0", HelmRepository.HelmCharts.Sha256Sum(Path.Combine(bundle, "rds-csi-driver-2.0.0.tgz")), $"{setup.GitHub.BaseUri}acme/rds-csi/releases/download/v2.0.0/rds-csi-driver-2.0.0.tgz")));
        using (var download = new HttpClient())
        {
            Assert.That(StaticFileServer.Sha256(download.GetByteArrayAsync(entry.Url).GetAwaiter().GetResult()), Is.EqualTo(entry.Digest), "the entry's URL serves the package");
        }

        setup.GitHub.ClearRequests();
        var second = BuildProgram.Run(setup.Repository.Path, setup.Arguments(image), setup.Environment, TimeSpan.FromMinutes(10));

        Assert.That(second.ExitCode, Is.EqualTo(0), second.ToString());
        Assert.That(second.Output, Does.Contain("already complete and published; nothing changed"));
        Assert.That(setup.GitHub.Requests.Where(request => request.Method != "GET"), Is.Empty, "a finished release gets no write");
        Assert.That(setup.GitHub.History("gh-pages"), Has.Count.EqualTo(1), "and no commit on gh-pages");
        Assert.That(second.Output, Does.Contain("already lists rds-csi-driver 2.0.0"));
    }

    private static string ChartValues(string package)
    {
        using var gzip = new System.IO.Compression.GZipStream(File.OpenRead(package), System.IO.Compression.CompressionMode.Decompress);
        using var tar = new System.Formats.Tar.TarReader(gzip);
        while (tar.GetNextEntry() is { } entry)
        {
            if (entry.Name == "rds-csi-driver/values.yaml" && entry.DataStream is { } data)
            {
                return new StreamReader(data).ReadToEnd();
            }
        }

        throw new AssertionException($"{package} has no rds-csi-driver/values.yaml");
    }
}
