using Build.Configuration;
using Build.Tests.Support;
using Cake.Core.IO;

namespace Build.Tests;

public sealed class ArtifactLayoutTests
{
    private static readonly ArtifactLayout Layout = new(new DirectoryPath("/w/artifacts"));
    private static readonly Platform Arm64 = new("linux", "arm64");

    [Test]
    public void Every_path_lies_under_the_artifacts_folder_where_the_docs_and_tools_expect_it()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Layout.StateFile.FullPath, Is.EqualTo("/w/artifacts/release-state.json"));
            Assert.That(Layout.LockFile.FullPath, Is.EqualTo("/w/artifacts/.lock"));
            Assert.That(Layout.VersionJson.FullPath, Is.EqualTo("/w/artifacts/version.json"));
            Assert.That(Layout.ImageJson.FullPath, Is.EqualTo("/w/artifacts/image.json"));
            Assert.That(Layout.ImageDigestFile.FullPath, Is.EqualTo("/w/artifacts/image.digest"));
            Assert.That(Layout.BuildxMetadata.FullPath, Is.EqualTo("/w/artifacts/buildx-metadata.json"));
            Assert.That(Layout.PushLayout([new Platform("linux", "amd64"), Arm64]).FullPath, Is.EqualTo("/w/artifacts/layouts/linux-amd64+linux-arm64"));
            Assert.That(Layout.Digests.FullPath, Is.EqualTo("/w/artifacts/digests"));
            Assert.That(Layout.Provenance.FullPath, Is.EqualTo("/w/artifacts/provenance.slsa.json"));
            Assert.That(Layout.PlatformSbom(Arm64).FullPath, Is.EqualTo("/w/artifacts/sbom/linux-arm64.spdx.json"));
            Assert.That(Layout.IndexSbom.FullPath, Is.EqualTo("/w/artifacts/sbom/index.spdx.json"));
            Assert.That(Layout.SbomWork(Arm64).FullPath, Is.EqualTo("/w/artifacts/sbom/.work/linux-arm64"));
            Assert.That(Layout.ScanSarif.FullPath, Is.EqualTo("/w/artifacts/scan/trivy.sarif"));
            Assert.That(Layout.ScanJson(Arm64).FullPath, Is.EqualTo("/w/artifacts/scan/linux-arm64.trivy.json"));
            Assert.That(Layout.ChartCopy("rds-csi").FullPath, Is.EqualTo("/w/artifacts/chart/rds-csi"));
            Assert.That(Layout.Release("1.2.3").FullPath, Is.EqualTo("/w/artifacts/release/1.2.3"));
            Assert.That(Layout.Verify("1.2.3").FullPath, Is.EqualTo("/w/artifacts/verify/1.2.3"));
            Assert.That(Layout.SigningKey.FullPath, Is.EqualTo("/w/artifacts/keys/cosign.key"));
            Assert.That(Layout.SigningPublicKey.FullPath, Is.EqualTo("/w/artifacts/keys/cosign.pub"));
            Assert.That(Layout.RegistryStorage.FullPath, Is.EqualTo("/w/artifacts/registry"));
            Assert.That(Layout.RegistryLog.FullPath, Is.EqualTo("/w/artifacts/registry.log"));
            Assert.That(Layout.RegistryPortFile.FullPath, Is.EqualTo("/w/artifacts/registry.port"));
        });
    }

    [Test]
    public void The_layout_follows_the_configured_artifacts_folder()
    {
        using var working = new TempDirectory();
        var context = InMemoryContexts.Create(working.Path, options => options, null);
        var moved = BuildOptions.Read(CakeContexts.Create(working.Path, settings: new Dictionary<string, string> { ["Release_Artifacts"] = "out/a" }));

        Assert.That(context.Options.Layout.StateFile.FullPath, Is.EqualTo(working.Path + "/artifacts/release-state.json"));
        Assert.That(moved.Layout.ScanSarif.FullPath, Is.EqualTo(working.Path + "/out/a/scan/trivy.sarif"));
        Assert.That(moved.Split.DigestsDirectory.FullPath, Is.EqualTo(working.Path + "/out/a/digests"));
    }
}
