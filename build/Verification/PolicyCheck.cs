using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Build.Verification;

/// <summary>
/// A Kyverno image-verification policy admits only what the release workflow signed: every keyless attestor names
/// a workflow of this repository that exists (<c>https://github.com/OWNER/REPO/.github/workflows/release.yml@refs/tags/*</c>),
/// on tags, with GitHub Actions' issuer; and the policy requires the SBOM attestation that <c>cosign attest --type
/// spdxjson</c> makes (predicate type https://spdx.dev/Document), signed by an attestor of its own. A policy with key
/// attestors instead of keyless ones is checked for the attestation only.
/// </summary>
/// <param name="repositoryRoot">Workflow paths are looked up and findings named relative to it.</param>
/// <param name="policy">The policy file, relative to <paramref name="repositoryRoot"/>.</param>
/// <param name="githubRepository">"OWNER/REPO" the subjects must name (<see cref="RepositoryFromUrl"/>); null accepts any.</param>
public sealed partial class PolicyCheck(string repositoryRoot, string policy, string? githubRepository = null) : IVerificationCheck
{
    public const string GitHubActionsIssuer = "https://token.actions.githubusercontent.com";
    public const string SpdxPredicateType = "https://spdx.dev/Document";

    public string Name => "Admission policy";

    /// <summary>"OWNER/REPO" of a GitHub URL such as https://github.com/3whiskeywhiskey/rds-csi(.git); null for another host.</summary>
    public static string? RepositoryFromUrl(string url)
    {
        var match = GitHubUrl().Match(url.Trim());
        return match.Success ? $"{match.Groups["owner"].Value}/{match.Groups["repo"].Value}" : null;
    }

    public CheckResult Run()
    {
        var findings = new List<Finding>();
        var file = Path.Combine(repositoryRoot, policy);
        var relative = YamlFiles.Relative(repositoryRoot, file);
        if (!File.Exists(file))
        {
            findings.Add(new Finding(relative, null, "does not exist; the Kyverno policy for the driver image belongs in deploy/policies."));
            return new CheckResult(Name, $"No policy at {relative}", findings);
        }

        IReadOnlyList<YamlDocument> documents;
        try
        {
            documents = YamlFiles.Load(file);
        }
        catch (YamlException exception)
        {
            findings.Add(new Finding(relative, YamlFiles.ErrorLine(exception), $"is not valid YAML: {YamlFiles.Reason(exception)}."));
            return new CheckResult(Name, $"Could not read {relative}", findings);
        }

        var policies = documents.Select(document => document.RootNode)
            .Where(root => root.Child("kind").Scalar() is "ClusterPolicy" or "Policy")
            .ToList();
        if (policies.Count == 0)
        {
            findings.Add(new Finding(relative, null, "has no Kyverno ClusterPolicy or Policy (apiVersion kyverno.io/v1)."));
            return new CheckResult(Name, $"No Kyverno policy in {relative}", findings);
        }

        var entries = policies
            .SelectMany(kyverno => kyverno.Child("spec").Child("rules").Items())
            .SelectMany(rule => rule.Child("verifyImages").Items())
            .ToList();
        if (entries.Count == 0)
        {
            findings.Add(new Finding(relative, policies[0].Line(), "has no rules[].verifyImages entry, so it verifies no image; add one for the driver image."));
        }

        var identities = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            CheckEntry(entry, relative, findings, identities);
        }

        var identity = identities.Count == 0 ? "key attestors" : string.Join(", ", identities);
        var summary = $"Checked {relative}: {entries.Count} verifyImages entries, signer {identity}, SBOM attestation {SpdxPredicateType} required";
        return new CheckResult(Name, summary, findings);
    }

    private void CheckEntry(YamlNode entry, string file, List<Finding> findings, SortedSet<string> identities)
    {
        var signers = Attestors(entry.Child("attestors")).ToList();
        if (signers.Count == 0)
        {
            findings.Add(new Finding(file, entry.Line(), "verifies no signature: add attestors with a keyless entry (subject and issuer of the release workflow) or a keys entry."));
        }

        foreach (var keyword in new[] { "verifyDigest", "required" })
        {
            if (entry.Child(keyword) is { } flag && flag.Scalar() == "false")
            {
                findings.Add(new Finding(file, flag.Line(), $"sets {keyword}: false, which lets an image through unverified or by tag; set it to true (or remove it: true is Kyverno's default)."));
            }
        }

        var spdx = entry.Child("attestations").Items().FirstOrDefault(attestation => IsSpdx(attestation, file, findings));
        if (spdx is null)
        {
            findings.Add(new Finding(file, entry.Line(),
                $"does not require the SBOM attestation: add attestations: - type: {SpdxPredicateType} (what cosign attest --type spdxjson records) with the release workflow's attestor."));
        }
        else if (!Attestors(spdx.Child("attestors")).Any())
        {
            findings.Add(new Finding(file, spdx.Line(), "requires the SPDX attestation but names no attestors for it; add the same attestor as the signature so only the release workflow's SBOM counts."));
        }

        var attestationSigners = entry.Child("attestations").Items().SelectMany(attestation => Attestors(attestation.Child("attestors")));
        foreach (var keyless in signers.Concat(attestationSigners).Select(attestor => attestor.Child("keyless")).OfType<YamlMappingNode>())
        {
            CheckKeyless(keyless, file, findings, identities);
        }
    }

    private static bool IsSpdx(YamlNode attestation, string file, List<Finding> findings)
    {
        var type = attestation.Child("type");
        var predicateType = attestation.Child("predicateType");
        if (type.Scalar() == SpdxPredicateType)
        {
            return true;
        }

        if (predicateType.Scalar() == SpdxPredicateType)
        {
            findings.Add(new Finding(file, predicateType!.Line(), $"uses predicateType, which Kyverno deprecated; write type: {SpdxPredicateType}."));
            return true;
        }

        if (type.Scalar() is "spdxjson" or "spdx")
        {
            findings.Add(new Finding(file, type!.Line(),
                $"type '{type.Scalar()}' is cosign's name for the attestation, not its predicate type; Kyverno matches the predicate type: type: {SpdxPredicateType}."));
        }

        return false;
    }

    private void CheckKeyless(YamlMappingNode keyless, string file, List<Finding> findings, SortedSet<string> identities)
    {
        var issuer = keyless.Child("issuer");
        if (issuer.Scalar() != GitHubActionsIssuer)
        {
            findings.Add(new Finding(file, issuer?.Line() ?? keyless.Line(),
                $"keyless issuer is '{issuer.Scalar()}'; the release workflow's certificates are issued for {GitHubActionsIssuer}."));
        }

        var subject = keyless.Child("subject");
        var value = subject.Scalar() ?? string.Empty;
        var line = subject?.Line() ?? keyless.Line();
        var match = WorkflowIdentity().Match(value);
        if (!match.Success)
        {
            findings.Add(new Finding(file, line,
                $"keyless subject '{value}' does not name a GitHub workflow; use https://github.com/OWNER/REPO/.github/workflows/release.yml@refs/tags/* (the identity cosign records when the release workflow signs)."));
            return;
        }

        identities.Add(value);
        var repository = $"{match.Groups["owner"].Value}/{match.Groups["repo"].Value}";
        if (githubRepository is not null && !string.Equals(repository, githubRepository, StringComparison.OrdinalIgnoreCase))
        {
            findings.Add(new Finding(file, line, $"keyless subject names repository {repository}, but this repository is {githubRepository}; correct the subject."));
        }

        var workflow = match.Groups["workflow"].Value;
        if (workflow.Contains('*', StringComparison.Ordinal))
        {
            findings.Add(new Finding(file, line,
                $"keyless subject accepts any workflow ({workflow}), so any workflow in the repository could sign an image the cluster admits; name the release workflow: .github/workflows/release.yml."));
        }
        else if (!File.Exists(Path.Combine(repositoryRoot, workflow)))
        {
            var existing = Directory.Exists(Path.Combine(repositoryRoot, ".github", "workflows"))
                ? string.Join(", ", Directory.EnumerateFiles(Path.Combine(repositoryRoot, ".github", "workflows")).Select(Path.GetFileName).Order(StringComparer.Ordinal))
                : "none";
            findings.Add(new Finding(file, line,
                $"keyless subject names {workflow}, which does not exist in this repository (workflows: {existing}); name the workflow that signs releases."));
        }

        var reference = match.Groups["ref"].Value;
        if (!reference.StartsWith("refs/tags/", StringComparison.Ordinal))
        {
            findings.Add(new Finding(file, line, $"keyless subject accepts signatures made on '{reference}'; releases are signed on version tags, so use @refs/tags/*."));
        }
    }

    private static IEnumerable<YamlNode> Attestors(YamlNode? attestorSets) =>
        attestorSets.Items().SelectMany(set => set.Child("entries").Items());

    [GeneratedRegex(@"^https://github\.com/(?<owner>[^/]+)/(?<repo>[^/]+)/(?<workflow>\.github/workflows/[^@]+)@(?<ref>.+)$")]
    private static partial Regex WorkflowIdentity();

    [GeneratedRegex(@"^https://github\.com/(?<owner>[^/]+)/(?<repo>[^/]+?)(\.git)?/?$")]
    private static partial Regex GitHubUrl();
}
