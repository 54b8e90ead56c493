using Build.Tests.Deploy;
using Build.Tests.Support;
using Build.Verification;

namespace Build.Tests.Verification;

/// <summary>WorkflowPinningCheck on workflows written to a temp folder.</summary>
public sealed class WorkflowPinningCheckTests
{
    private const string Sha = "de0fac2e4500dabe0009e67214ff5f5447ce83dd";

    private TempDirectory _root = null!;

    [SetUp]
    public void SetUp() => _root = new TempDirectory("pinning");

    [TearDown]
    public void TearDown() => _root.Dispose();

    private CheckResult Run() => new WorkflowPinningCheck(_root.Path).Run();

    private void Workflow(string name, string steps) => _root.Write($".github/workflows/{name}", $"""
        name: test
        on: push
        jobs:
          build:
            runs-on: ubuntu-24.04
            steps:
        {steps}
        """);

    [Test]
    public void Actions_pinned_to_a_sha_with_a_version_comment_and_local_actions_pass()
    {
        Workflow("ci.yml", $"""
                  - uses: actions/checkout@{Sha} # v6.0.2
                  - uses: github/codeql-action/upload-sarif@1c5b675653bb5c22dbe9b12b556ec555138e09fd # v4.38.1
                  - uses: ./.github/actions/local
                  - uses: docker://alpine@sha256:{new string('a', 64)}
                  - run: echo no uses here
            """);

        var result = Run();

        Assert.That(result.Findings, Is.Empty);
        Assert.That(result.Summary, Does.Contain("1 workflows").And.Contain("3 pinned to commit SHAs, 1 local"));
    }

    [Test]
    public void A_tag_is_a_finding_naming_the_file_and_line()
    {
        Workflow("release.yml", $"""
                  - uses: actions/checkout@{Sha} # v6.0.2
                  - uses: sigstore/cosign-installer@v3
            """);

        var finding = Run().Findings.Single();

        Assert.That(finding.File, Is.EqualTo(".github/workflows/release.yml"));
        Assert.That(finding.Line, Is.EqualTo(8));
        Assert.That(finding.Message, Does.Contain("'v3' is a tag or branch").And.Contain("uses: sigstore/cosign-installer@<sha> # v3"));
    }

    [TestCase("aquasecurity/trivy-action@master")]
    [TestCase("actions/checkout@v4.2.2")]
    [TestCase("actions/checkout@de0fac2")]
    public void Branches_versions_and_short_shas_are_findings(string uses)
    {
        Workflow("ci.yml", $"      - uses: {uses}\n");

        Assert.That(Run().Findings.Single().Message, Does.Contain("is a tag or branch"));
    }

    [Test]
    public void An_action_without_a_version_is_a_finding()
    {
        Workflow("ci.yml", "      - uses: actions/checkout\n");

        Assert.That(Run().Findings.Single().Message, Does.Contain("names no version"));
    }

    [Test]
    public void A_docker_image_by_tag_is_a_finding()
    {
        Workflow("ci.yml", "      - uses: docker://alpine:3.20\n");

        Assert.That(Run().Findings.Single().Message, Does.Contain("pin it by digest"));
    }

    [Test]
    public void A_sha_without_its_version_comment_is_a_finding()
    {
        Workflow("ci.yml", $"      - uses: actions/checkout@{Sha}\n");

        Assert.That(Run().Findings.Single().Message, Does.Contain("add it as a comment"));
    }

    [Test]
    public void A_reusable_workflow_job_is_checked_too()
    {
        _root.Write(".github/workflows/call.yaml", """
            on: push
            jobs:
              shared:
                uses: example/workflows/.github/workflows/build.yml@main
            """);

        var finding = Run().Findings.Single();

        Assert.That(finding.File, Is.EqualTo(".github/workflows/call.yaml"));
        Assert.That(finding.Line, Is.EqualTo(4));
    }

    [Test]
    public void A_missing_workflows_folder_is_a_finding()
    {
        Assert.That(Run().Findings.Single().File, Is.EqualTo(".github/workflows"));
    }

    [Test]
    public void An_action_release_on_node20_is_a_finding_naming_the_action_its_version_and_the_replacement()
    {
        Workflow("release.yml", """
                  - uses: actions/download-artifact@d3f86a106a0bac45b974a628896c90dbdf5c8093 # v4.3.0
                    with:
                      pattern: digests-*
            """);

        var result = Run();

        var finding = result.Findings.Single();
        Assert.That(finding.File, Is.EqualTo(".github/workflows/release.yml"));
        Assert.That(finding.Line, Is.EqualTo(7));
        Assert.That(finding.Message, Does.Contain("actions/download-artifact v4.3.0").And.Contain("node20")
            .And.Contain("uses: actions/download-artifact@37930b1c2abaa49bbe596cd826c3c89aef350131 # v7.0.0"));
        Assert.That(result.Summary, Does.Contain("0 not pinned, 1 on a Node version runners no longer support"));
    }

    [TestCase("docker/setup-buildx-action@e468171a9de216ec08956ac3ada2f0791b6bd435 # v3.11.1", "node20", "docker/setup-buildx-action@37fe631027851001ddb9b187196cc803df7f5f0e # v4.3.0")]
    [TestCase("docker/login-action@5e57cd118135c172c3672efd75eb46360885c0ef # v3.6.0", "node20", "docker/login-action@4907a6ddec9925e35a0a9e82d7399ccc52663121 # v4.1.0")]
    [TestCase("actions/upload-artifact@ea165f8d65b6e75b540449e92b4886f43607fa02 # v4.6.2", "node20", "actions/upload-artifact@b7c566a772e6b6bfb58ed0dc250532a479d7789f # v6.0.0")]
    [TestCase("actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2", "node20", "actions/checkout@de0fac2e4500dabe0009e67214ff5f5447ce83dd # v6.0.2")]
    [TestCase("github/codeql-action/upload-sarif@6bb031afdd8eb862ea3fc1848194185e076637e5 # v3.28.11", "node20", "github/codeql-action/upload-sarif v4 or later")]
    [TestCase("actions/download-artifact@9bc31d5ccc31df68ecc42ccf4149144866c47d8a # v3.0.2", "node16", "actions/download-artifact@37930b1c2abaa49bbe596cd826c3c89aef350131 # v7.0.0")]
    public void Every_release_the_table_knows_on_an_unsupported_node_is_a_finding(string uses, string runtime, string replacement)
    {
        Workflow("ci.yml", $"      - uses: {uses}\n");

        Assert.That(Run().Findings.Single().Message, Does.Contain(runtime).And.Contain(replacement));
    }

    [TestCase("sigstore/cosign-installer@6f9f17788090df1f26f669e9d70d6ae9567deba6 # v4.1.2")]
    [TestCase("actions/download-artifact@e0bb8d4fa3bd6ec2e1b1d9c7d1b8e5f0a2c3d4e5 # v3.1.0")]
    [TestCase("example/unknown-action@e0bb8d4fa3bd6ec2e1b1d9c7d1b8e5f0a2c3d4e5 # v1.0.0")]
    public void Composite_actions_node24_releases_and_actions_the_table_does_not_know_pass(string uses)
    {
        Workflow("ci.yml", $"      - uses: {uses}\n");

        Assert.That(Run().Findings, Is.Empty);
    }

    [Test]
    public void The_repositorys_own_workflows_pass()
    {
        var result = new WorkflowPinningCheck(RepositoryFiles.Root).Run();

        Assert.That(result.Findings, Is.Empty, string.Join("\n", result.Findings));
        Assert.That(result.Summary, Does.Contain("2 workflows").And.Contain("0 not pinned, 0 on a Node version"));
    }
}
