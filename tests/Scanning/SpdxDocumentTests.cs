using Build.Scanning;

namespace Build.Tests.Scanning;

public sealed class SpdxDocumentTests
{
    [Test]
    public void Syft_SPDX_gives_the_document_its_creators_and_package_URLs()
    {
        var document = SpdxDocument.Parse(Samples.Read("syft/TestSPDXJSONImageEncoder.golden.spdx.json"));

        Assert.That(document.SpdxVersion, Is.EqualTo("SPDX-2.3"));
        Assert.That(document.Name, Is.EqualTo("user-image-input"));
        Assert.That(document.DocumentNamespace, Is.EqualTo("redacted"));
        Assert.That(document.Creators, Is.EqualTo(new[] { "Organization: Anchore, Inc", "Tool: syft-v0.42.0-bogus" }));
        Assert.That(document.Tools, Is.EqualTo(new[] { "syft-v0.42.0-bogus" }));
        Assert.That(document.Packages.Select(package => package.Name), Is.EqualTo(new[] { "package-1", "package-2", "user-image-input" }));
        var deb = document.Packages.Single(package => package.Name == "package-2");
        Assert.That(deb.VersionInfo, Is.EqualTo("2.0.1"));
        Assert.That(deb.Purl, Is.EqualTo("pkg:deb/debian/package-2@2.0.1"), "the purl, not the CPE listed before it");
        Assert.That(document.Packages.Single(package => package.Name == "user-image-input").Purl, Does.StartWith("pkg:oci/user-image-input@sha256%3A2731251d"));
    }

    [Test]
    public void Sbom_tool_SPDX_gives_the_root_package_and_the_detected_components()
    {
        var document = SpdxDocument.Parse(Samples.Read("sbom-tool/manifest.spdx.json"));

        Assert.That(document.SpdxVersion, Is.EqualTo("SPDX-2.2"));
        Assert.That(document.Name, Is.EqualTo("rds-csi 1.2.3"));
        Assert.That(document.DocumentNamespace, Is.EqualTo("https://github.com/3whiskeywhiskey/rds-csi/rds-csi/1.2.3/sample"));
        Assert.That(document.Created, Is.EqualTo("2026-01-01T00:00:00Z"));
        Assert.That(document.Tools, Is.EqualTo(new[] { "Microsoft.SBOMTool-4.1.13" }));
        Assert.That(document.DocumentDescribes, Is.EqualTo(new[] { "SPDXRef-RootPackage" }));
        var root = document.Packages.Single(package => package.SpdxId == "SPDXRef-RootPackage");
        Assert.That(root.Name, Is.EqualTo("rds-csi"));
        Assert.That(root.VersionInfo, Is.EqualTo("1.2.3"));
        Assert.That(root.Supplier, Is.EqualTo("Organization: 3WhiskeyWhiskey"));
        Assert.That(document.Packages.Select(package => package.Purl), Does.Contain("pkg:npm/rds-csi-docs@1.0.0"));
    }

    [Test]
    public void An_SPDX_3_document_is_refused_with_what_would_be_read()
    {
        var error = Assert.Throws<ReportFormatException>(() => SpdxDocument.Parse("""{"@context":"https://spdx.org/rdf/3.0.1/spdx-context.jsonld","@graph":[]}""", "sbom.spdx.json"));

        Assert.That(error.Message, Does.Contain("sbom.spdx.json").And.Contain("spdxVersion '(none)'").And.Contain("SPDX-2.2 or SPDX-2.3"));
    }

    [Test]
    public void A_document_without_creators_is_refused()
    {
        var error = Assert.Throws<ReportFormatException>(() => SpdxDocument.Parse("""{"spdxVersion":"SPDX-2.3","name":"x","documentNamespace":"https://example.invalid/x"}""", "sbom.json"));

        Assert.That(error.Message, Does.Contain("sbom.json has no creationInfo.creators"));
    }
}
