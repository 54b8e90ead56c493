using Build.Sbom;
using Build.Signing;
using Build.Tests.Reporting;
using Build.Tests.Support;
using Build.Tools.Cosign;

namespace Build.Tests.Sbom;

/// <summary>What the release workflow's publish run hands the real cosign for the index's SBOM (a fake cosign records it).</summary>
public sealed class IndexSbomCosignTests
{
    [Test]
    public async Task Fake_cosign_is_asked_to_attest_the_index_SBOM_file_as_spdxjson_to_the_index_digest_keyless()
    {
        using var directory = new TempDirectory();
        using var record = new TempDirectory();
        using var cosign = new FakeTool("cosign", $"printf '%s\\n' \"$@\" > '{record.Path}/arguments'\n");
        var environment = ReleaseContexts.KeylessPublish(directory.Path);
        environment["PATH"] = cosign.Directory;
        var context = ReleaseContexts.Pushed(directory.Path, environment, "Version", "Build", "Push", "Sign", "Sbom");
        var file = context.Options.Layout.IndexSbom;

        await context.Services.Signer.AttestAsync(context.PushedOrNull!.Repository, ReleaseContexts.Index, CosignPredicateTypes.SpdxJson, file);

        Assert.That(context.Services.Signer, Is.TypeOf<CosignCliSigner>());
        Assert.That(file.FullPath, Is.EqualTo(Path.Combine(directory.Path, "artifacts", "sbom", "index.spdx.json")));
        Assert.That(File.ReadAllLines(record.Combine("arguments")), Is.EqualTo(new[]
        {
            "attest", "--yes", "--type", "spdxjson", "--predicate", file.FullPath,
            "--new-bundle-format=false", "--use-signing-config=false", "--allow-http-registry",
            $"{ReleaseContexts.Repository}@{ReleaseContexts.Index}",
        }));
    }
}
