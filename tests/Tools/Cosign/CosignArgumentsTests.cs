using Build.Tools.Cosign;

namespace Build.Tests.Tools.Cosign;

/// <summary>The exact command lines cosign 3 gets, for every command and mode.</summary>
public sealed class CosignArgumentsTests
{
    private const string Digest = "sha256:e583dc0e018fc11d659da7d1957c60ad8a523eafc142a9de391516eb45594e6f";
    private const string Image = "ghcr.io/3whiskeywhiskey/rds-csi@" + Digest;
    private const string RehearsalImage = "127.0.0.1:5959/rds-csi@" + Digest;
    private const string Workflow = "https://github.com/3whiskeywhiskey/rds-csi/.github/workflows/release.yml@refs/tags/v1.2.3";

    [Test]
    public void Keyless_sign_uses_the_legacy_format_by_default()
    {
        var arguments = CosignRunner.BuildArguments(Image, new CosignSignSettings());

        Assert.That(arguments.RenderSafe(), Is.EqualTo($"sign --yes --new-bundle-format=false --use-signing-config=false \"{Image}\""));
    }

    [Test]
    public void Key_sign_in_a_rehearsal_skips_the_transparency_log_and_allows_the_http_registry()
    {
        var settings = new CosignSignSettings
        {
            Key = "/keys/cosign.key",
            TransparencyLog = false,
            Recursive = true,
            AllowHttpRegistry = true,
        };
        settings.Annotations["org.opencontainers.image.version"] = "1.2.3";
        settings.Annotations["org.opencontainers.image.revision"] = "abc1234";

        var arguments = CosignRunner.BuildArguments(RehearsalImage, settings);

        Assert.That(arguments.RenderSafe(), Is.EqualTo(
            "sign --yes --key \"/keys/cosign.key\" --new-bundle-format=false --use-signing-config=false --tlog-upload=false --recursive "
            + "-a \"org.opencontainers.image.revision=abc1234\" -a \"org.opencontainers.image.version=1.2.3\" --allow-http-registry "
            + $"\"{RehearsalImage}\""));
    }

    [Test]
    public void Bundle_format_sign_keeps_the_signing_config_and_can_choose_the_referrers_mode()
    {
        var settings = new CosignSignSettings
        {
            Format = CosignSignatureFormat.Bundle,
            ReferrersMode = CosignReferrersMode.Oci11,
            Bundle = "/out/image.sigstore.json",
        };

        Assert.That(CosignRunner.BuildArguments(Image, settings).RenderSafe(), Is.EqualTo(
            $"sign --yes --new-bundle-format=true --registry-referrers-mode oci-1-1 --bundle \"/out/image.sigstore.json\" \"{Image}\""));
    }

    [Test]
    public void Bundle_format_with_a_key_and_no_transparency_log_turns_the_signing_config_off()
    {
        var settings = new CosignSignSettings
        {
            Key = "/keys/cosign.key",
            Format = CosignSignatureFormat.Bundle,
            TransparencyLog = false,
            ReferrersMode = CosignReferrersMode.Legacy,
            AllowInsecureRegistry = true,
        };

        Assert.That(CosignRunner.BuildArguments(Image, settings).RenderSafe(), Is.EqualTo(
            "sign --yes --key \"/keys/cosign.key\" --new-bundle-format=true --use-signing-config=false --tlog-upload=false "
            + $"--registry-referrers-mode legacy --allow-insecure-registry \"{Image}\""));
    }

    [Test]
    public void Signing_a_tag_is_refused_with_the_reason()
    {
        var error = Assert.Throws<ArgumentException>(() => CosignRunner.BuildArguments("ghcr.io/3whiskeywhiskey/rds-csi:1.2.3", new CosignSignSettings()));

        Assert.That(error.Message, Does.Contain("by digest (REPOSITORY@sha256:...)").And.Contain("'ghcr.io/3whiskeywhiskey/rds-csi:1.2.3'"));
    }

    [Test]
    public void Keyless_signing_without_the_transparency_log_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => CosignRunner.BuildArguments(Image, new CosignSignSettings { TransparencyLog = false }));

        Assert.That(error.Message, Does.Contain("keyless").And.Contain("TransparencyLog = true or give a Key"));
    }

    [Test]
    public void Key_verify_of_a_rehearsal_signature_ignores_the_transparency_log()
    {
        var settings = new CosignVerifySettings
        {
            Identity = CosignIdentity.PublicKey("/keys/cosign.pub"),
            IgnoreTransparencyLog = true,
            ExpectedFormat = CosignSignatureFormat.Legacy,
            AllowHttpRegistry = true,
        };

        Assert.That(CosignRunner.BuildArguments(RehearsalImage, settings).RenderSafe(), Is.EqualTo(
            $"verify --key \"/keys/cosign.pub\" --new-bundle-format=false --insecure-ignore-tlog --allow-http-registry \"{RehearsalImage}\""));
    }

    [Test]
    public void Keyless_verify_names_the_workflow_identity_and_the_GitHub_issuer()
    {
        var settings = new CosignVerifySettings { Identity = CosignIdentity.GitHubActions(Workflow) };

        Assert.That(CosignRunner.BuildArguments(Image, settings).RenderSafe(), Is.EqualTo(
            $"verify --certificate-identity \"{Workflow}\" --certificate-oidc-issuer \"https://token.actions.githubusercontent.com\" \"{Image}\""));
    }

    [Test]
    public void Keyless_verify_by_regular_expression_can_demand_annotations_and_the_bundle_format()
    {
        var settings = new CosignVerifySettings
        {
            Identity = CosignIdentity.KeylessMatching("^https://github.com/3whiskeywhiskey/rds-csi/", "https://token.actions.githubusercontent.com"),
            ExpectedFormat = CosignSignatureFormat.Bundle,
        };
        settings.Annotations["org.opencontainers.image.version"] = "1.2.3";

        Assert.That(CosignRunner.BuildArguments(Image, settings).RenderSafe(), Is.EqualTo(
            "verify --certificate-identity-regexp \"^https://github.com/3whiskeywhiskey/rds-csi/\" --certificate-oidc-issuer \"https://token.actions.githubusercontent.com\" "
            + $"--new-bundle-format=true -a \"org.opencontainers.image.version=1.2.3\" \"{Image}\""));
    }

    [Test]
    public void Keyless_attest_of_an_SPDX_SBOM()
    {
        var settings = new CosignAttestSettings { Predicate = "/out/sbom.spdx.json", PredicateType = CosignPredicateTypes.SpdxJson };

        Assert.That(CosignRunner.BuildArguments(Image, settings).RenderSafe(), Is.EqualTo(
            $"attest --yes --type \"spdxjson\" --predicate \"/out/sbom.spdx.json\" --new-bundle-format=false --use-signing-config=false \"{Image}\""));
    }

    [Test]
    public void Key_attest_of_a_provenance_in_a_rehearsal()
    {
        var settings = new CosignAttestSettings
        {
            Predicate = "/out/provenance.json",
            PredicateType = CosignPredicateTypes.SlsaProvenance1,
            Key = "/keys/cosign.key",
            TransparencyLog = false,
            Recursive = true,
            AllowHttpRegistry = true,
        };

        Assert.That(CosignRunner.BuildArguments(RehearsalImage, settings).RenderSafe(), Is.EqualTo(
            "attest --yes --key \"/keys/cosign.key\" --type \"slsaprovenance1\" --predicate \"/out/provenance.json\" "
            + $"--new-bundle-format=false --use-signing-config=false --tlog-upload=false --recursive --allow-http-registry \"{RehearsalImage}\""));
    }

    [Test]
    public void Attesting_a_tag_is_refused()
    {
        var settings = new CosignAttestSettings { Predicate = "/out/sbom.spdx.json", PredicateType = CosignPredicateTypes.SpdxJson };

        Assert.Throws<ArgumentException>(() => CosignRunner.BuildArguments("ghcr.io/3whiskeywhiskey/rds-csi:latest", settings));
    }

    [Test]
    public void Verify_attestation_with_a_key_or_keyless()
    {
        var keyed = new CosignVerifyAttestationSettings
        {
            PredicateType = CosignPredicateTypes.SpdxJson,
            Identity = CosignIdentity.PublicKey("/keys/cosign.pub"),
            IgnoreTransparencyLog = true,
            AllowHttpRegistry = true,
        };
        var keyless = new CosignVerifyAttestationSettings { PredicateType = CosignPredicateTypes.SlsaProvenance1, Identity = CosignIdentity.GitHubActions(Workflow) };

        Assert.That(CosignRunner.BuildArguments(RehearsalImage, keyed).RenderSafe(), Is.EqualTo(
            $"verify-attestation --type \"spdxjson\" --key \"/keys/cosign.pub\" --insecure-ignore-tlog --allow-http-registry \"{RehearsalImage}\""));
        Assert.That(CosignRunner.BuildArguments(Image, keyless).RenderSafe(), Is.EqualTo(
            $"verify-attestation --type \"slsaprovenance1\" --certificate-identity \"{Workflow}\" --certificate-oidc-issuer \"https://token.actions.githubusercontent.com\" \"{Image}\""));
    }

    [Test]
    public void Keyless_sign_blob_writes_a_Sigstore_bundle()
    {
        var settings = new CosignSignBlobSettings { Bundle = "/out/checksums.txt.sigstore.json" };

        Assert.That(CosignRunner.BuildArguments(new Cake.Core.IO.FilePath("/out/checksums.txt"), settings).RenderSafe(), Is.EqualTo(
            "sign-blob --yes --bundle \"/out/checksums.txt.sigstore.json\" --new-bundle-format=true \"/out/checksums.txt\""));
    }

    [Test]
    public void Key_sign_blob_in_the_legacy_format_can_also_write_a_detached_signature()
    {
        var settings = new CosignSignBlobSettings
        {
            Bundle = "/out/rds-csi-1.2.3.tgz.bundle",
            Key = "/keys/cosign.key",
            Format = CosignSignatureFormat.Legacy,
            TransparencyLog = false,
            OutputSignature = "/out/rds-csi-1.2.3.tgz.sig",
        };

        Assert.That(CosignRunner.BuildArguments(new Cake.Core.IO.FilePath("/out/rds-csi-1.2.3.tgz"), settings).RenderSafe(), Is.EqualTo(
            "sign-blob --yes --key \"/keys/cosign.key\" --bundle \"/out/rds-csi-1.2.3.tgz.bundle\" --new-bundle-format=false --use-signing-config=false "
            + "--tlog-upload=false --output-signature \"/out/rds-csi-1.2.3.tgz.sig\" \"/out/rds-csi-1.2.3.tgz\""));
    }

    [Test]
    public void Verify_blob_with_a_bundle_keyless_or_with_a_key_and_a_signature()
    {
        var keyless = new CosignVerifyBlobSettings { Identity = CosignIdentity.GitHubActions(Workflow), Bundle = "/out/checksums.txt.sigstore.json" };
        var keyed = new CosignVerifyBlobSettings
        {
            Identity = CosignIdentity.PublicKey("/keys/cosign.pub"),
            Signature = "/out/checksums.txt.sig",
            IgnoreTransparencyLog = true,
        };
        var blob = new Cake.Core.IO.FilePath("/out/checksums.txt");

        Assert.That(CosignRunner.BuildArguments(blob, keyless).RenderSafe(), Is.EqualTo(
            $"verify-blob --certificate-identity \"{Workflow}\" --certificate-oidc-issuer \"https://token.actions.githubusercontent.com\" "
            + "--bundle \"/out/checksums.txt.sigstore.json\" \"/out/checksums.txt\""));
        Assert.That(CosignRunner.BuildArguments(blob, keyed).RenderSafe(), Is.EqualTo(
            "verify-blob --key \"/keys/cosign.pub\" --signature \"/out/checksums.txt.sig\" --insecure-ignore-tlog \"/out/checksums.txt\""));
    }

    [Test]
    public void Verify_blob_without_a_bundle_or_a_signature_is_refused()
    {
        var settings = new CosignVerifyBlobSettings { Identity = CosignIdentity.PublicKey("/keys/cosign.pub") };

        var error = Assert.Throws<ArgumentException>(() => CosignRunner.BuildArguments(new Cake.Core.IO.FilePath("/out/checksums.txt"), settings));

        Assert.That(error.Message, Does.Contain("needs a Bundle or a Signature"));
    }

    [Test]
    public void Generate_key_pair_with_and_without_a_prefix()
    {
        Assert.That(CosignRunner.BuildArguments(new CosignGenerateKeyPairSettings { OutputDirectory = "/keys" }).RenderSafe(), Is.EqualTo("generate-key-pair"));
        Assert.That(CosignRunner.BuildArguments(new CosignGenerateKeyPairSettings { OutputDirectory = "/keys", OutputKeyPrefix = "release" }).RenderSafe(),
            Is.EqualTo("generate-key-pair --output-key-prefix \"release\""));
    }

    [Test]
    public void Public_key_takes_a_key_file_or_a_KMS_key_URI_as_one_argument()
    {
        Assert.That(CosignRunner.BuildArguments(new CosignPublicKeySettings { Key = "gcpkms://projects/p/locations/global/keyRings/r/cryptoKeys/k" }).RenderSafe(),
            Is.EqualTo("public-key --key \"gcpkms://projects/p/locations/global/keyRings/r/cryptoKeys/k\""));
        Assert.That(CosignRunner.BuildArguments(new CosignPublicKeySettings { Key = "/keys/cosign.key" }).RenderSafe(), Is.EqualTo("public-key --key \"/keys/cosign.key\""));
    }

    [Test]
    public void The_key_password_goes_to_COSIGN_PASSWORD_and_never_into_the_arguments()
    {
        var settings = new CosignSignSettings { Key = "/keys/cosign.key", KeyPassword = "correct horse battery staple", TransparencyLog = false };

        Assert.That(CosignRunner.BuildArguments(Image, settings).Render(), Does.Not.Contain("correct horse"));
        Assert.That(CosignRunner.BuildEnvironment(settings), Is.EqualTo(new Dictionary<string, string> { ["COSIGN_PASSWORD"] = "correct horse battery staple" }));
    }

    [Test]
    public void Without_a_password_COSIGN_PASSWORD_is_left_as_the_environment_has_it()
    {
        Assert.That(CosignRunner.BuildEnvironment(new CosignSignSettings()), Is.Empty);
    }

    [Test]
    public void An_empty_identity_is_refused_naming_what_is_missing()
    {
        var error = Assert.Throws<ArgumentException>(() => CosignIdentity.Keyless(Workflow, " "));

        Assert.That(error.Message, Does.Contain("OIDC issuer cannot be empty"));
    }
}
