using Build.Provenance;
using Build.Tools.Cosign;

namespace Build.Tests.Provenance;

/// <summary>The cosign command lines that attest and verify the provenance of the index digest.</summary>
public sealed class ProvenanceCosignArgumentsTests
{
    private const string Image = "ghcr.io/3whiskeywhiskey/rds-csi@sha256:e583dc0e018fc11d659da7d1957c60ad8a523eafc142a9de391516eb45594e6f";
    private const string Workflow = "https://github.com/3whiskeywhiskey/rds-csi/.github/workflows/release.yml@refs/tags/v1.2.3";

    [Test]
    public void Keyless_attest_of_the_provenance_is_cosign_attest_type_slsaprovenance1_with_the_predicate_file()
    {
        var arguments = CosignRunner.BuildArguments(Image, new CosignAttestSettings
        {
            Predicate = "/repo/artifacts/" + ProvenanceAttestation.FileName,
            PredicateType = CosignPredicateTypes.SlsaProvenance1,
        });

        Assert.That(arguments.RenderSafe(), Is.EqualTo(
            $"attest --yes --type \"slsaprovenance1\" --predicate \"/repo/artifacts/provenance.slsa.json\" --new-bundle-format=false --use-signing-config=false \"{Image}\""));
    }

    [Test]
    public void The_provenance_is_verified_with_verify_attestation_type_slsaprovenance1_for_the_release_workflow()
    {
        var arguments = CosignRunner.BuildArguments(Image, new CosignVerifyAttestationSettings
        {
            PredicateType = CosignPredicateTypes.SlsaProvenance1,
            Identity = CosignIdentity.GitHubActions(Workflow),
        });

        Assert.That(arguments.RenderSafe(), Is.EqualTo(
            $"verify-attestation --type \"slsaprovenance1\" --certificate-identity \"{Workflow}\" --certificate-oidc-issuer \"https://token.actions.githubusercontent.com\" \"{Image}\""));
    }

    [Test]
    public void The_cosign_type_slsaprovenance1_is_the_predicate_type_SLSA_v1()
    {
        Assert.That(global::Build.Signing.PredicateTypes.Uri(CosignPredicateTypes.SlsaProvenance1), Is.EqualTo("https://slsa.dev/provenance/v1"));
        Assert.That(ProvenancePredicate.PredicateType, Is.EqualTo("https://slsa.dev/provenance/v1"));
    }
}
