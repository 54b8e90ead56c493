using System.Text.Json.Nodes;
using Build.Configuration;
using Build.Images;
using Build.Sbom;
using Build.Tests.Support;

namespace Build.Tests.Sbom;

/// <summary>The index's SBOM over real generator output (sbom-tool for one platform, syft for the other), checked with the official SPDX 2.3 schema (NJsonSchema).</summary>
public sealed class IndexSbomTests
{
    private const string Index = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    private const string Amd64 = "sha256:2222222222222222222222222222222222222222222222222222222222222222";
    private const string Arm64 = "sha256:3333333333333333333333333333333333333333333333333333333333333333";

    private static readonly Platform LinuxAmd64 = new("linux", "amd64", null);
    private static readonly Platform LinuxArm64 = new("linux", "arm64", null);

    private TempDirectory _directory = null!;
    private JsonObject _document = null!;

    [SetUp]
    public void Create()
    {
        _directory = new TempDirectory();
        var samples = Path.Combine(BuildProgram.RepositoryRoot, "tests", "fixtures", "samples");
        var amd64 = Path.Combine(_directory.Path, "linux-amd64.spdx.json");
        File.Copy(Path.Combine(samples, "sbom-tool", "manifest.spdx.json"), amd64);
        SpdxRepairs.RepairAndValidate(amd64);
        var arm64 = Path.Combine(_directory.Path, "linux-arm64.spdx.json");
        File.Copy(Path.Combine(samples, "syft", "TestSPDXJSONImageEncoder.golden.spdx.json"), arm64);
        var pushed = new PushedImage(ImageName.Parse("127.0.0.1:5000/acme/rds-csi", "test"), Index, ["1.2.3"], new Dictionary<Platform, string> { [LinuxAmd64] = Amd64, [LinuxArm64] = Arm64 });

        _document = IndexSbom.Create(pushed, new Dictionary<Platform, string> { [LinuxAmd64] = amd64, [LinuxArm64] = arm64 }, "1.2.3", DateTimeOffset.FromUnixTimeSeconds(1767225600), "rds-csi", "https://github.com/3whiskeywhiskey/rds-csi/sbom");
        IndexSbom.Write(_document, Path.Combine(_directory.Path, IndexSbom.FileName));
    }

    [TearDown]
    public void Remove() => _directory.Dispose();

    private JsonObject Written => JsonNode.Parse(File.ReadAllText(Path.Combine(_directory.Path, IndexSbom.FileName)))!.AsObject();

    [Test]
    public void It_is_valid_SPDX_2_3_by_the_official_schema()
    {
        Assert.That(Written["spdxVersion"]!.GetValue<string>(), Is.EqualTo("SPDX-2.3"));
        Assert.That(OfficialSpdxSchema.Errors(Written.ToJsonString()), Is.Empty);
    }

    [Test]
    public void It_describes_the_index_which_contains_one_package_per_platform_digest()
    {
        var document = Written;
        var packages = document["packages"]!.AsArray().Select(node => node!.AsObject()).ToList();
        string? Sha256(JsonObject package) => package["checksums"]?.AsArray().Single()!["checksumValue"]!.GetValue<string>();
        var described = document["documentDescribes"]!.AsArray().Single()!.GetValue<string>();
        var index = packages.Single(package => package["SPDXID"]!.GetValue<string>() == described);
        Assert.That("sha256:" + Sha256(index), Is.EqualTo(Index));
        Assert.That(index["primaryPackagePurpose"]!.GetValue<string>(), Is.EqualTo("CONTAINER"));

        var contained = document["relationships"]!.AsArray()
            .Where(relation => relation!["spdxElementId"]!.GetValue<string>() == described && relation["relationshipType"]!.GetValue<string>() == "CONTAINS")
            .Select(relation => packages.Single(package => package["SPDXID"]!.GetValue<string>() == relation!["relatedSpdxElement"]!.GetValue<string>()))
            .Select(package => "sha256:" + Sha256(package))
            .ToList();
        Assert.That(contained, Is.EquivalentTo(new[] { Amd64, Arm64 }));
    }

    [Test]
    public void It_refers_to_each_platform_SBOM_by_namespace_and_the_sha1sum_of_its_file_and_lists_their_packages()
    {
        var references = Written["externalDocumentRefs"]!.AsArray().Select(node => node!.AsObject()).ToList();
        foreach (var (id, file) in new[] { ("DocumentRef-linux-amd64", "linux-amd64.spdx.json"), ("DocumentRef-linux-arm64", "linux-arm64.spdx.json") })
        {
            var reference = references.Single(item => item["externalDocumentId"]!.GetValue<string>() == id);
            var sha1sum = Run.Process("sha1sum", [Path.Combine(_directory.Path, file)]).Output[..40];
            Assert.That(reference["checksum"]!["checksumValue"]!.GetValue<string>(), Is.EqualTo(sha1sum));
            Assert.That(reference["spdxDocument"]!.GetValue<string>(), Is.EqualTo(JsonNode.Parse(File.ReadAllText(Path.Combine(_directory.Path, file)))!["documentNamespace"]!.GetValue<string>()));
        }

        var names = Written["packages"]!.AsArray().Select(node => node!["name"]!.GetValue<string>()).ToList();
        Assert.That(names, Does.Contain("package-1").And.Contain("package-2"), "syft's packages of arm64");
        Assert.That(names.Count, Is.GreaterThan(4));
    }

    [Test]
    public void A_platform_without_an_SBOM_is_named_by_its_image_digest()
    {
        var pushed = new PushedImage(ImageName.Parse("127.0.0.1:5000/acme/rds-csi", "test"), Index, ["1.2.3"], new Dictionary<Platform, string> { [LinuxAmd64] = Amd64 });

        var error = Assert.Throws<InvalidOperationException>(() => IndexSbom.Create(pushed, new Dictionary<Platform, string>(), "1.2.3", DateTimeOffset.UnixEpoch, "rds-csi", "https://example.invalid/sbom"));

        Assert.That(error.Message, Does.Contain($"There is no SBOM of linux/amd64 (127.0.0.1:5000/acme/rds-csi@{Amd64})"));
    }
}
