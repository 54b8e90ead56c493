using Build.Reporting;
using Build.Tests.Support;

namespace Build.Tests.Reporting;

/// <summary>The facts at the end of a run and in the job summary, from contexts as the tasks leave them.</summary>
public sealed class ReleaseFactsTests
{
    private TempDirectory _directory = null!;

    [SetUp]
    public void SetUp() => _directory = new TempDirectory();

    [TearDown]
    public void TearDown() => _directory.Dispose();

    [Test]
    public void A_signed_rehearsal_names_its_mode_where_cosign_pub_is_and_verify_commands_that_work_from_the_repository_root()
    {
        var facts = ReleaseFacts.Of(ReleaseContexts.Pushed(_directory.Path, plannedTasks: ["Version", "Build", "Push", "Sign"]).Signed());

        Assert.That(facts.Signing, Does.StartWith("rehearsal key artifacts/keys/cosign.key").And.EndWith("legacy .sig tags"));
        Assert.That(facts.PublicKey, Is.EqualTo(Path.Combine("artifacts", "keys", "cosign.pub")));
        Assert.That(facts.VerifyCommands, Is.EqualTo(new[]
        {
            $"cosign verify --key artifacts/keys/cosign.pub --insecure-ignore-tlog=true {ReleaseContexts.Repository}@{ReleaseContexts.Index}",
            $"cosign verify-attestation --type slsaprovenance1 --key artifacts/keys/cosign.pub --insecure-ignore-tlog=true {ReleaseContexts.Repository}@{ReleaseContexts.Index}",
        }));
        Assert.That(facts.Text(), Does.Contain("cosign.pub   artifacts/keys/cosign.pub").And.Contain("Verify it with:\n  cosign verify --key artifacts/keys/cosign.pub"));
    }

    [Test]
    public void Attestations_are_listed_only_for_the_platforms_whose_SBOM_was_attested()
    {
        var context = ReleaseContexts.Pushed(_directory.Path, plannedTasks: ["Version", "Build", "Push", "Sign", "Sbom"]).Signed()
            .Attested(("linux-amd64.spdx.json", ReleaseContexts.Amd64));

        var facts = ReleaseFacts.Of(context);

        var attestations = facts.VerifyCommands.Where(command => command.StartsWith("cosign verify-attestation --type spdxjson", StringComparison.Ordinal)).ToList();
        Assert.That(attestations, Has.Count.EqualTo(2));
        Assert.That(attestations[0], Does.EndWith($"{ReleaseContexts.Repository}@{ReleaseContexts.Index}"), "the index's SBOM, which Kyverno checks, comes first");
        Assert.That(attestations[1], Does.EndWith($"{ReleaseContexts.Repository}@{ReleaseContexts.Amd64}"));
        Assert.That(facts.Sboms.Select(Path.GetFileName), Is.EqualTo(new[] { "linux-amd64.spdx.json" }));
    }

    [Test]
    public void A_keyless_publish_verifies_with_the_workflow_identity_and_names_no_key()
    {
        var context = ReleaseContexts.Pushed(_directory.Path, ReleaseContexts.KeylessPublish(_directory.Path), "Version", "Build", "Push", "Sign", "Sbom").Signed()
            .Attested(("linux-amd64.spdx.json", ReleaseContexts.Amd64), ("linux-arm64.spdx.json", ReleaseContexts.Arm64));

        var facts = ReleaseFacts.Of(context);

        const string who = "--certificate-identity https://github.com/3whiskeywhiskey/rds-csi/.github/workflows/release.yml@refs/tags/v1.2.3 --certificate-oidc-issuer https://token.actions.githubusercontent.com";
        Assert.That(facts.Signing, Does.StartWith("keyless (https://github.com/3whiskeywhiskey/rds-csi/.github/workflows/release.yml@refs/tags/v1.2.3)"));
        Assert.That(facts.PublicKey, Is.Null);
        Assert.That(facts.VerifyCommands, Is.EqualTo(new[]
        {
            $"cosign verify {who} {ReleaseContexts.Repository}@{ReleaseContexts.Index}",
            $"cosign verify-attestation --type slsaprovenance1 {who} {ReleaseContexts.Repository}@{ReleaseContexts.Index}",
            $"cosign verify-attestation --type spdxjson {who} {ReleaseContexts.Repository}@{ReleaseContexts.Index}",
            $"cosign verify-attestation --type spdxjson {who} {ReleaseContexts.Repository}@{ReleaseContexts.Amd64}",
            $"cosign verify-attestation --type spdxjson {who} {ReleaseContexts.Repository}@{ReleaseContexts.Arm64}",
        }));
    }

    [Test]
    public void An_unsigned_run_shows_no_signature_and_no_verify_command()
    {
        var facts = ReleaseFacts.Of(ReleaseContexts.Pushed(_directory.Path));

        Assert.That(facts.Signing, Is.Null);
        Assert.That(facts.VerifyCommands, Is.Empty);
        Assert.That(facts.Text(), Does.Not.Contain("Verify it with"));
        Assert.That(facts.Markdown(), Does.Not.Contain("```"));
    }

    [Test]
    public void Scan_counts_appear_when_Scan_ran()
    {
        var context = ReleaseContexts.Pushed(_directory.Path);
        var withoutScan = ReleaseFacts.Of(context);
        context.Results.ScanResults.Set(["linux/amd64: 0 vulnerabilities (0 critical, 0 high)"]);

        var facts = ReleaseFacts.Of(context);

        Assert.That(withoutScan.Markdown(), Does.Not.Contain("**Scan**"));
        Assert.That(facts.Text(), Does.Contain("  Scan         linux/amd64: 0 vulnerabilities (0 critical, 0 high)"));
        Assert.That(facts.Markdown(), Does.Contain("**Scan** linux/amd64: 0 vulnerabilities (0 critical, 0 high)"));
    }

    [Test]
    public void The_Markdown_has_the_tags_the_index_and_platform_digests_the_SBOMs_and_the_commands_in_a_code_block()
    {
        var context = ReleaseContexts.Pushed(_directory.Path, plannedTasks: ["Version", "Build", "Push", "Sign", "Sbom"]).Signed()
            .Attested(("linux-amd64.spdx.json", ReleaseContexts.Amd64), ("linux-arm64.spdx.json", ReleaseContexts.Arm64));

        var markdown = ReleaseFacts.Of(context).Markdown();

        Assert.That(markdown, Does.Contain("**Version** `1.2.3`, tags `1.2.3`, `1.2`, `latest`"));
        Assert.That(markdown, Does.Contain($"| `{ReleaseContexts.Repository}` (index) | `{ReleaseContexts.Index}` |"));
        Assert.That(markdown, Does.Contain($"| linux/amd64 | `{ReleaseContexts.Amd64}` |").And.Contain($"| linux/arm64 | `{ReleaseContexts.Arm64}` |"));
        Assert.That(markdown, Does.Contain("**SBOMs** `linux-amd64.spdx.json`, `linux-arm64.spdx.json`"));
        Assert.That(markdown, Does.Contain("**cosign.pub** `artifacts/keys/cosign.pub`"));
        Assert.That(markdown, Does.Contain($"```bash\ncosign verify --key artifacts/keys/cosign.pub --insecure-ignore-tlog=true {ReleaseContexts.Repository}@{ReleaseContexts.Index}\n"));
        Assert.That(markdown, Does.Not.Contain("<"), "no raw angle brackets: Markdown would take them for HTML");
    }
}
