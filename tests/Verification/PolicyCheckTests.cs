using Build.Tests.Support;
using Build.Verification;

namespace Build.Tests.Verification;

/// <summary>PolicyCheck on Kyverno policies written to a temp repository that has a release workflow.</summary>
public sealed class PolicyCheckTests
{
    private const string PolicyFile = "deploy/policies/policy.yaml";
    private const string Subject = "https://github.com/example/driver/.github/workflows/release.yml@refs/tags/*";
    private const string Issuer = "https://token.actions.githubusercontent.com";

    private TempDirectory _root = null!;

    [SetUp]
    public void SetUp()
    {
        _root = new TempDirectory("policycheck");
        _root.Write(".github/workflows/release.yml", "on: push\n");
        _root.Write(".github/workflows/ci.yml", "on: push\n");
    }

    [TearDown]
    public void TearDown() => _root.Dispose();

    private static string Policy(string subject = Subject, string issuer = Issuer, string attestation = "type: https://spdx.dev/Document", string extra = "") => $"""
        apiVersion: kyverno.io/v1
        kind: ClusterPolicy
        metadata:
          name: verify
        spec:
          validationFailureAction: Enforce
          rules:
            - name: verify
              match:
                any:
                  - resources:
                      kinds: [Pod]
              verifyImages:
                - imageReferences: ["ghcr.io/example/driver*"]
                  mutateDigest: true
        {extra}
                  attestors:
                    - entries:
                        - keyless:
                            subject: "{subject}"
                            issuer: "{issuer}"
                            rekor:
                              url: https://rekor.sigstore.dev
                  attestations:
                    - {attestation}
                      attestors:
                        - entries:
                            - keyless:
                                subject: "{Subject}"
                                issuer: "{Issuer}"
                                rekor:
                                  url: https://rekor.sigstore.dev
        """;

    private CheckResult Run(string policy, string? repository = "example/driver")
    {
        _root.Write(PolicyFile, policy);
        return new PolicyCheck(_root.Path, PolicyFile, repository).Run();
    }

    [Test]
    public void A_policy_naming_the_release_workflow_and_requiring_the_SPDX_attestation_passes()
    {
        var result = Run(Policy());

        Assert.That(result.Findings, Is.Empty);
        Assert.That(result.Summary, Does.Contain(Subject).And.Contain("https://spdx.dev/Document required"));
    }

    [Test]
    public void A_subject_naming_a_workflow_that_does_not_exist_is_a_finding_on_its_line()
    {
        var finding = Run(Policy(subject: "https://github.com/example/driver/.github/workflows/publish.yml@refs/tags/*")).Findings.Single();

        Assert.That(finding.File, Is.EqualTo(PolicyFile));
        Assert.That(finding.Line, Is.EqualTo(20));
        Assert.That(finding.Message, Does.Contain(".github/workflows/publish.yml, which does not exist").And.Contain("ci.yml, release.yml"));
    }

    [Test]
    public void The_guides_wildcard_workflow_subject_is_a_finding()
    {
        var finding = Run(Policy(subject: "https://github.com/example/driver/.github/workflows/*")).Findings.Single();

        Assert.That(finding.Message, Does.Contain("does not name a GitHub workflow"));
    }

    [Test]
    public void A_subject_that_accepts_any_workflow_file_is_a_finding()
    {
        var finding = Run(Policy(subject: "https://github.com/example/driver/.github/workflows/*@refs/tags/*")).Findings.Single();

        Assert.That(finding.Message, Does.Contain("accepts any workflow"));
    }

    [Test]
    public void A_subject_on_branches_is_a_finding()
    {
        var finding = Run(Policy(subject: "https://github.com/example/driver/.github/workflows/release.yml@refs/heads/main")).Findings.Single();

        Assert.That(finding.Message, Does.Contain("'refs/heads/main'").And.Contain("@refs/tags/*"));
    }

    [Test]
    public void A_subject_of_another_repository_is_a_finding()
    {
        var finding = Run(Policy(subject: "https://github.com/someone/fork/.github/workflows/release.yml@refs/tags/*")).Findings.Single();

        Assert.That(finding.Message, Does.Contain("names repository someone/fork, but this repository is example/driver"));
    }

    [Test]
    public void Any_repository_is_accepted_when_none_is_expected()
    {
        Assert.That(Run(Policy(subject: "https://github.com/someone/fork/.github/workflows/release.yml@refs/tags/*"), repository: null).Findings, Is.Empty);
    }

    [Test]
    public void An_issuer_other_than_GitHub_Actions_is_a_finding()
    {
        var finding = Run(Policy(issuer: "https://accounts.google.com")).Findings.Single();

        Assert.That(finding.Line, Is.EqualTo(21));
        Assert.That(finding.Message, Does.Contain("'https://accounts.google.com'").And.Contain(Issuer));
    }

    [Test]
    public void A_policy_without_the_SPDX_attestation_is_a_finding()
    {
        var finding = Run(Policy(attestation: "type: https://slsa.dev/provenance/v1")).Findings.Single();

        Assert.That(finding.Message, Does.Contain("does not require the SBOM attestation").And.Contain("cosign attest --type spdxjson"));
    }

    [Test]
    public void Cosigns_short_name_spdxjson_is_not_the_predicate_type()
    {
        var messages = Run(Policy(attestation: "type: spdxjson")).Findings.Select(finding => finding.Message).ToList();

        Assert.That(messages, Has.Some.Contain("'spdxjson' is cosign's name"));
        Assert.That(messages, Has.Some.Contain("does not require the SBOM attestation"));
    }

    [Test]
    public void The_deprecated_predicateType_is_a_finding_but_counts_as_the_attestation()
    {
        var finding = Run(Policy(attestation: "predicateType: https://spdx.dev/Document")).Findings.Single();

        Assert.That(finding.Message, Does.Contain("Kyverno deprecated; write type: https://spdx.dev/Document"));
    }

    [Test]
    public void VerifyDigest_false_is_a_finding()
    {
        var finding = Run(Policy(extra: "          verifyDigest: false")).Findings.Single();

        Assert.That(finding.Message, Does.Contain("sets verifyDigest: false"));
    }

    [Test]
    public void A_key_based_policy_is_checked_for_the_attestation_only()
    {
        var result = Run("""
            apiVersion: kyverno.io/v1
            kind: ClusterPolicy
            spec:
              rules:
                - verifyImages:
                    - imageReferences: ["ghcr.io/example/driver*"]
                      attestors:
                        - entries:
                            - keys:
                                publicKeys: &key |-
                                  -----BEGIN PUBLIC KEY-----
                                  placeholder
                                  -----END PUBLIC KEY-----
                      attestations:
                        - type: https://spdx.dev/Document
                          attestors:
                            - entries:
                                - keys:
                                    publicKeys: *key
            """);

        Assert.That(result.Findings, Is.Empty);
        Assert.That(result.Summary, Does.Contain("signer key attestors"));
    }

    [Test]
    public void An_attestation_without_attestors_is_a_finding()
    {
        var result = Run("""
            kind: ClusterPolicy
            spec:
              rules:
                - verifyImages:
                    - imageReferences: ["ghcr.io/example/driver*"]
                      attestors:
                        - entries:
                            - keys:
                                publicKeys: key
                      attestations:
                        - type: https://spdx.dev/Document
            """);

        Assert.That(result.Findings.Single().Message, Does.Contain("names no attestors"));
    }

    [Test]
    public void A_file_without_a_Kyverno_policy_is_a_finding()
    {
        Assert.That(Run("apiVersion: v1\nkind: ConfigMap\n").Findings.Single().Message, Does.Contain("has no Kyverno ClusterPolicy or Policy"));
    }

    [TestCase("https://github.com/3whiskeywhiskey/rds-csi", "3whiskeywhiskey/rds-csi")]
    [TestCase("https://github.com/3whiskeywhiskey/rds-csi.git", "3whiskeywhiskey/rds-csi")]
    [TestCase("https://gitlab.com/a/b", null)]
    public void The_repository_is_read_from_the_source_url(string url, string? expected)
    {
        Assert.That(PolicyCheck.RepositoryFromUrl(url), Is.EqualTo(expected));
    }
}
