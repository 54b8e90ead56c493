using System.Text.Json.Nodes;
using Build.Sbom;
using Build.Tests.Support;

namespace Build.Tests.Sbom;

/// <summary>Real generator output (tests/fixtures/samples), checked against the official SPDX schemas with NJsonSchema and the verification code with sha1sum.</summary>
public sealed class SpdxRepairsTests
{
    private static string Sample(params string[] parts) => Path.Combine([BuildProgram.RepositoryRoot, "tests", "fixtures", "samples", .. parts]);

    [Test]
    public void Raw_sbom_tool_output_fails_the_official_SPDX_2_2_schema_and_validates_once_repaired()
    {
        var raw = File.ReadAllText(Sample("sbom-tool", "manifest.spdx.json"));
        Assert.That(OfficialSpdxSchema.Errors(raw), Is.Not.Empty, "sbom-tool 4.1.13 writes PACKAGE-MANAGER into an SPDX-2.2 document");
        Assert.That(SpdxSchemas.Problems(JsonNode.Parse(raw)!), Is.Not.Empty, "the build's own validator must see it too");

        var document = JsonNode.Parse(raw)!.AsObject();
        var repairs = SpdxRepairs.Apply(document);

        Assert.That(repairs, Has.Some.Contain("PACKAGE_MANAGER"));
        Assert.That(OfficialSpdxSchema.Errors(document.ToJsonString()), Is.Empty);
        Assert.That(SpdxSchemas.Problems(document), Is.Empty);
        Assert.That(document["spdxVersion"]!.GetValue<string>(), Is.EqualTo("SPDX-2.2"), "the declared version is kept");
    }

    [Test]
    public void The_verification_code_is_recomputed_as_sha1sum_computes_it_over_the_sorted_lower_case_file_SHA1s()
    {
        var document = JsonNode.Parse(File.ReadAllText(Sample("sbom-tool", "manifest.spdx.json")))!.AsObject();
        var root = document["packages"]!.AsArray().Single(package => package!["SPDXID"]!.GetValue<string>() == "SPDXRef-RootPackage")!;
        var written = root["packageVerificationCode"]!["packageVerificationCodeValue"]!.GetValue<string>();
        var sha1s = document["files"]!.AsArray()
            .Select(file => file!["checksums"]!.AsArray().Single(checksum => checksum!["algorithm"]!.GetValue<string>() == "SHA1")!["checksumValue"]!.GetValue<string>())
            .ToList();
        var independent = Run.Process("bash", ["-c", "printf '%s\\n' \"$@\" | tr 'A-F' 'a-f' | LC_ALL=C sort | tr -d '\\n' | sha1sum | cut -c1-40", "bash", .. sha1s]).Output.Trim();

        SpdxRepairs.Apply(document);

        Assert.That(independent, Does.Match("^[0-9a-f]{40}$"));
        Assert.That(written, Is.Not.EqualTo(independent), "sbom-tool's own value is not the spec's");
        Assert.That(root["packageVerificationCode"]!["packageVerificationCodeValue"]!.GetValue<string>(), Is.EqualTo(independent));
    }

    [Test]
    public void Syft_output_which_is_valid_SPDX_2_3_is_left_as_it_is()
    {
        var raw = File.ReadAllText(Sample("syft", "TestSPDXJSONImageEncoder.golden.spdx.json"));
        var document = JsonNode.Parse(raw)!.AsObject();

        Assert.That(SpdxRepairs.Apply(document), Is.Empty);
        Assert.That(JsonNode.DeepEquals(document, JsonNode.Parse(raw)), Is.True);
        Assert.That(OfficialSpdxSchema.Errors(raw), Is.Empty);
        Assert.That(SpdxSchemas.Problems(document), Is.Empty);
    }

    [Test]
    public void A_document_of_a_version_without_a_schema_here_is_refused_naming_the_file()
    {
        using var directory = new TempDirectory();
        var file = directory.Write("future.spdx.json", "{\"spdxVersion\":\"SPDX-9.9\",\"SPDXID\":\"SPDXRef-DOCUMENT\"}");

        var error = Assert.Throws<InvalidDataException>(() => SpdxRepairs.RepairAndValidate(file));

        Assert.That(error!.Message, Does.Contain(file).And.Contain("SPDX-9.9").And.Contain("SPDX-2.2"));
    }
}
