using System.Text.RegularExpressions;
using Build.Tests.Support;
using Build.Verification;
using YamlDotNet.RepresentationModel;

namespace Build.Tests.Deploy;

/// <summary>deploy/policies: every policy names the identity the release workflow signs with.</summary>
public sealed class PolicyTests
{
    private const string Keyless = "deploy/policies/kyverno-verify-rds-csi.yaml";
    private const string Key = "deploy/policies/kyverno-verify-rds-csi-key.yaml";
    private const string RenderScript = "deploy/policies/render-key-policy.sh";

    private static YamlMappingNode VerifyImages(YamlNode policy) => (YamlMappingNode)RepositoryFiles.At(policy, "spec", "rules", 0, "verifyImages", 0);

    private static IEnumerable<YamlMappingNode> KeylessAttestors(YamlMappingNode entry)
    {
        var signature = ((YamlSequenceNode)RepositoryFiles.At(entry, "attestors", 0, "entries")).Children;
        var attestation = ((YamlSequenceNode)RepositoryFiles.At(entry, "attestations", 0, "attestors", 0, "entries")).Children;
        return signature.Concat(attestation).Select(attestor => (YamlMappingNode)RepositoryFiles.At(attestor, "keyless"));
    }

    [Test]
    public void The_release_workflow_named_by_the_policies_exists()
    {
        Assert.That(File.Exists(RepositoryFiles.PathOf(".github/workflows/release.yml")), Is.True);
    }

    [Test]
    public void Kyverno_admits_only_the_release_workflows_signature_and_attestation_on_tags()
    {
        var entry = VerifyImages(RepositoryFiles.Document(Keyless));

        Assert.That(KeylessAttestors(entry).Select(attestor => RepositoryFiles.Scalar(attestor, "subject")), Is.All.EqualTo(RepositoryFiles.ReleaseIdentity("*")));
        Assert.That(KeylessAttestors(entry).Select(attestor => RepositoryFiles.Scalar(attestor, "issuer")), Is.All.EqualTo(PolicyCheck.GitHubActionsIssuer));
        Assert.That(KeylessAttestors(entry).Select(attestor => RepositoryFiles.Scalar(attestor, "rekor", "url")), Is.All.EqualTo("https://rekor.sigstore.dev"));
    }

    [Test]
    public void Kyverno_requires_the_attestation_type_that_cosign_attest_spdxjson_records()
    {
        var entry = VerifyImages(RepositoryFiles.Document(Keyless));

        Assert.That(RepositoryFiles.Scalar(entry, "attestations", 0, "type"), Is.EqualTo("https://spdx.dev/Document"));
        Assert.That(RepositoryFiles.Has(RepositoryFiles.At(entry, "attestations", 0), "predicateType"), Is.False);
    }

    /// <summary>The attestations entry of the SLSA v1 provenance.</summary>
    private static YamlMappingNode ProvenanceAttestation(YamlMappingNode entry) =>
        ((YamlSequenceNode)RepositoryFiles.At(entry, "attestations")).Children.Cast<YamlMappingNode>()
            .Single(attestation => RepositoryFiles.Scalar(attestation, "type") == "https://slsa.dev/provenance/v1");

    /// <summary>The value a condition on <paramref name="jmesPath"/> compares with, and its operator.</summary>
    private static (string Operator, string Value) Condition(YamlMappingNode attestation, string jmesPath)
    {
        var condition = ((YamlSequenceNode)RepositoryFiles.At(attestation, "conditions", 0, "all")).Children
            .Single(item => RepositoryFiles.Scalar(item, "key").Contains(jmesPath, StringComparison.Ordinal));
        return (RepositoryFiles.Scalar(condition, "operator"), RepositoryFiles.Scalar(condition, "value"));
    }

    /// <summary>Kyverno's Equals on strings: the value is a wildcard pattern (* any run, ? one character).</summary>
    private static bool WildcardMatches(string pattern, string text) =>
        Regex.IsMatch(text, "^" + Regex.Escape(pattern).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + "$");

    private static string BuilderIdOfARelease(string workflowRef, string gitRef)
    {
        var environment = new Dictionary<string, string?>
        {
            ["GITHUB_ACTIONS"] = "true",
            ["GITHUB_REF"] = gitRef,
            ["GITHUB_REPOSITORY"] = RepositoryFiles.GitHubRepository(),
            ["GITHUB_WORKFLOW_REF"] = workflowRef,
            ["GITHUB_RUN_ID"] = "1",
        };
        var inputs = new Build.Provenance.ProvenanceInputs(
            Build.Configuration.GitHubActions.Read(name => environment.GetValueOrDefault(name)), "https://github.com/" + RepositoryFiles.GitHubRepository(),
            new string('a', 40), gitRef, "Release", [], [], DateTimeOffset.UnixEpoch, Guid.Empty);
        return Build.Provenance.ReleaseProvenance.Create(inputs).RunDetails.BuilderId;
    }

    [Test]
    public void Kyverno_requires_the_provenance_signed_by_the_release_workflow_with_GitHubs_workflow_build_type()
    {
        var provenance = ProvenanceAttestation(VerifyImages(RepositoryFiles.Document(Keyless)));
        var attestor = (YamlMappingNode)RepositoryFiles.At(provenance, "attestors", 0, "entries", 0, "keyless");

        Assert.That(RepositoryFiles.Scalar(attestor, "subject"), Is.EqualTo(RepositoryFiles.ReleaseIdentity("*")));
        Assert.That(RepositoryFiles.Scalar(attestor, "issuer"), Is.EqualTo(PolicyCheck.GitHubActionsIssuer));
        Assert.That(Condition(provenance, "buildDefinition.buildType"), Is.EqualTo(("Equals", Build.Provenance.ReleaseProvenance.GitHubWorkflowBuildType)));
    }

    [Test]
    public void Kyverno_admits_the_builder_id_the_release_workflow_writes_on_a_version_tag_and_no_other()
    {
        var (operation, pattern) = Condition(ProvenanceAttestation(VerifyImages(RepositoryFiles.Document(Keyless))), "runDetails.builder.id");
        var repository = RepositoryFiles.GitHubRepository();

        Assert.That(operation, Is.EqualTo("Equals"));
        Assert.That(WildcardMatches(pattern, BuilderIdOfARelease($"{repository}/.github/workflows/release.yml@refs/tags/v1.2.3", "refs/tags/v1.2.3")), Is.True);
        Assert.That(WildcardMatches(pattern, BuilderIdOfARelease($"{repository}/.github/workflows/release.yml@refs/heads/main", "refs/heads/main")), Is.False);
        Assert.That(WildcardMatches(pattern, BuilderIdOfARelease($"{repository}/.github/workflows/ci.yml@refs/tags/v1.2.3", "refs/tags/v1.2.3")), Is.False);
        Assert.That(WildcardMatches(pattern, "https://github.com/someone/rds-csi/.github/workflows/release.yml@refs/tags/v1.2.3"), Is.False);
    }

    [Test]
    public void The_key_policy_requires_a_provenance_whose_source_is_this_repository_as_a_rehearsal_or_a_keyed_release_writes_it()
    {
        var provenance = ProvenanceAttestation(VerifyImages(RepositoryFiles.Document(Key)));
        var (operation, pattern) = Condition(provenance, "resolvedDependencies[0].uri");
        var source = Build.Provenance.ReleaseProvenance.Create(new Build.Provenance.ProvenanceInputs(
            Build.Configuration.GitHubActions.Read(_ => null), "https://github.com/" + RepositoryFiles.GitHubRepository(),
            new string('b', 40), "refs/tags/v1.2.3", "Release", [], [], DateTimeOffset.UnixEpoch, Guid.Empty)).BuildDefinition.ResolvedDependencies[0].Uri;

        Assert.That(RepositoryFiles.Has(RepositoryFiles.At(provenance, "attestors", 0, "entries", 0), "keys"), Is.True);
        Assert.That(operation, Is.EqualTo("Equals"));
        Assert.That(WildcardMatches(pattern, source), Is.True, source);
        Assert.That(WildcardMatches(pattern, "git+https://github.com/someone/rds-csi@refs/tags/v1.2.3"), Is.False);
    }

    [Test]
    public void The_policy_check_of_Verify_accepts_the_keyless_policy_with_the_provenance()
    {
        Assert.That(new PolicyCheck(RepositoryFiles.Root, Keyless, RepositoryFiles.GitHubRepository()).Run().Findings, Is.Empty);
    }

    [TestCase(Keyless)]
    [TestCase(Key)]
    public void Kyverno_enforces_digests_for_the_driver_image(string policy)
    {
        var document = RepositoryFiles.Document(policy);
        var entry = VerifyImages(document);

        Assert.That(RepositoryFiles.Scalar(document, "spec", "validationFailureAction"), Is.EqualTo("Enforce"));
        Assert.That(RepositoryFiles.Scalar(entry, "imageReferences", 0), Is.EqualTo($"{RepositoryFiles.DriverImage}*"));
        Assert.That(RepositoryFiles.Scalar(entry, "mutateDigest"), Is.EqualTo("true"));
        Assert.That(RepositoryFiles.Scalar(entry, "verifyDigest"), Is.EqualTo("true"));
        Assert.That(RepositoryFiles.Scalar(entry, "required"), Is.EqualTo("true"));
    }

    [TestCase("v1.2.3", true)]
    [TestCase("v0.1.0-rc.1", true)]
    [TestCase("main", false)]
    public void Ratify_trusts_the_release_workflow_on_version_tags(string tag, bool trusted)
    {
        var values = RepositoryFiles.Document("deploy/policies/ratify-values.yaml");
        var identity = new Regex(RepositoryFiles.Scalar(values, "cosign", "keyless", "certificateIdentityRegExp"));

        Assert.That(identity.IsMatch(RepositoryFiles.ReleaseIdentity(tag)), Is.EqualTo(trusted));
        Assert.That(RepositoryFiles.Scalar(values, "cosign", "keyless", "certificateOIDCIssuer"), Is.EqualTo(PolicyCheck.GitHubActionsIssuer));
        Assert.That(RepositoryFiles.Scalar(values, "cosign", "scopes", 0), Is.EqualTo($"{RepositoryFiles.DriverImage}*"));
    }

    [TestCase("https://github.com/3whiskeywhiskey/rds-csi/.github/workflows/ci.yml@refs/tags/v1.2.3")]
    [TestCase("https://github.com/3whiskeywhiskey/rds-csi/.github/workflows/release.yml@refs/heads/main")]
    [TestCase("https://github.com/someone/rds-csi/.github/workflows/release.yml@refs/tags/v1.2.3")]
    [TestCase("https://github.com/3whiskeywhiskey/rds-csi/.github/workflows/release.yml@refs/tags/v1.2.3/../x")]
    public void Ratify_rejects_any_other_identity(string identity)
    {
        var values = RepositoryFiles.Document("deploy/policies/ratify-values.yaml");

        Assert.That(Regex.IsMatch(identity, RepositoryFiles.Scalar(values, "cosign", "keyless", "certificateIdentityRegExp")), Is.False);
    }

    [Test]
    public void The_gatekeeper_constraint_uses_the_template_for_the_driver_image_and_calls_ratify()
    {
        var template = RepositoryFiles.Document("deploy/policies/gatekeeper-constrainttemplate.yaml");
        var constraint = RepositoryFiles.Document("deploy/policies/gatekeeper-constraint.yaml");

        Assert.That(RepositoryFiles.Scalar(constraint, "kind"), Is.EqualTo(RepositoryFiles.Scalar(template, "spec", "crd", "spec", "names", "kind")));
        Assert.That(RepositoryFiles.Scalar(template, "metadata", "name"), Is.EqualTo(RepositoryFiles.Scalar(constraint, "kind").ToLowerInvariant()));
        Assert.That(RepositoryFiles.Scalar(constraint, "spec", "parameters", "repositories", 0), Is.EqualTo(RepositoryFiles.DriverImage));
        Assert.That(RepositoryFiles.Scalar(constraint, "spec", "enforcementAction"), Is.EqualTo("deny"));
        Assert.That(RepositoryFiles.Scalar(template, "spec", "targets", 0, "rego"), Does.Contain("external_data({\"provider\": \"ratify-provider\""));
    }

    [Test]
    public void The_readme_verifies_with_the_same_identity_and_attestation_type()
    {
        var readme = RepositoryFiles.Text("README.md");

        Assert.That(readme, Does.Contain($"--certificate-identity {RepositoryFiles.ReleaseIdentity("vX.Y.Z")}"));
        Assert.That(readme, Does.Contain($"--certificate-oidc-issuer {PolicyCheck.GitHubActionsIssuer}"));
        Assert.That(readme, Does.Contain("cosign verify-attestation --type spdxjson"));
        Assert.That(readme, Does.Contain("cosign verify-attestation --type slsaprovenance1"));
    }

    [Test]
    public void The_key_policy_holds_a_placeholder_and_no_key()
    {
        var text = RepositoryFiles.Text(Key);

        Assert.That(text, Does.Contain("REPLACE-WITH-THE-CONTENT-OF-deploy/cosign.pub"));
        Assert.That(text, Does.Contain("deploy/cosign.pub"));
    }

    [Test]
    public void The_rendered_key_policy_carries_the_public_key_for_the_signature_and_the_attestation()
    {
        using var keys = new TempDirectory("cosign-pub");
        var publicKey = GenerateKeyPair(keys).PublicKey;

        var rendered = Render(publicKey);

        Assert.That(rendered.ExitCode, Is.Zero, rendered.ToString());
        var policyFile = keys.Write("policy.yaml", rendered.Output);
        var stream = new YamlStream();
        stream.Load(new StringReader(rendered.Output));
        var entry = VerifyImages(stream.Documents.Single().RootNode);
        var expected = File.ReadAllText(publicKey).Trim();
        Assert.That(RepositoryFiles.Scalar(entry, "attestors", 0, "entries", 0, "keys", "publicKeys"), Is.EqualTo(expected));
        Assert.That(RepositoryFiles.Scalar(entry, "attestations", 0, "attestors", 0, "entries", 0, "keys", "publicKeys"), Is.EqualTo(expected));
        Assert.That(RepositoryFiles.Scalar(ProvenanceAttestation(entry), "attestors", 0, "entries", 0, "keys", "publicKeys"), Is.EqualTo(expected));
        Assert.That(new PolicyCheck(keys.Path, Path.GetFileName(policyFile)).Run().Findings, Is.Empty);
    }

    [Test]
    public void The_render_script_refuses_a_private_key_and_does_not_print_it()
    {
        using var keys = new TempDirectory("cosign-key");
        var privateKey = GenerateKeyPair(keys).PrivateKey;
        var secret = File.ReadAllLines(privateKey)[1];

        var rendered = Render(privateKey);

        Assert.That(rendered.ExitCode, Is.Not.Zero);
        Assert.That(rendered.Error, Does.Contain("is a private key; pass the public key"));
        Assert.That(rendered.All, Does.Not.Contain(secret));
    }

    [Test]
    public void The_render_script_says_how_to_get_a_missing_key()
    {
        var rendered = Render(RepositoryFiles.PathOf("deploy/no-such-cosign.pub"));

        Assert.That(rendered.ExitCode, Is.Not.Zero);
        Assert.That(rendered.Error, Does.Contain("./build.sh --target=GenerateKeys"));
    }

    [Test]
    public void No_private_key_is_committed_under_deploy()
    {
        var withKeys = Directory.EnumerateFiles(RepositoryFiles.PathOf("deploy"), "*", SearchOption.AllDirectories)
            .Where(file => File.ReadAllText(file).Contains("PRIVATE KEY-----", StringComparison.Ordinal) || file.EndsWith(".key", StringComparison.Ordinal))
            .Select(file => Path.GetRelativePath(RepositoryFiles.Root, file));

        Assert.That(withKeys, Is.Empty);
    }

    private static ProcessResult Render(string key) => Run.Process("bash", [RepositoryFiles.PathOf(RenderScript), key], RepositoryFiles.Root);

    /// <summary>A real P-256 key pair made by openssl, the kind of key cosign generates.</summary>
    private static (string PrivateKey, string PublicKey) GenerateKeyPair(TempDirectory folder)
    {
        var privateKey = folder.Combine("test.key");
        var publicKey = folder.Combine("test.pub");
        var generate = Run.Process("openssl", ["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", privateKey]);
        Assert.That(generate.ExitCode, Is.Zero, generate.ToString());
        var extract = Run.Process("openssl", ["ec", "-in", privateKey, "-pubout", "-out", publicKey]);
        Assert.That(extract.ExitCode, Is.Zero, extract.ToString());
        return (privateKey, publicKey);
    }
}
