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
}
