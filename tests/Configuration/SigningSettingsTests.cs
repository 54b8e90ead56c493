using Build.Configuration;
using Build.Tests.Support;
using Build.Tools.Cosign;

namespace Build.Tests.Configuration;

public sealed class SigningSettingsTests
{
    private TempDirectory _working = null!;

    [SetUp]
    public void SetUp() => _working = new TempDirectory();

    [TearDown]
    public void TearDown() => _working.Dispose();

    private static readonly Dictionary<string, string?> TagBuildInActions = new()
    {
        ["GITHUB_ACTIONS"] = "true",
        ["GITHUB_REF"] = "refs/tags/v1.2.3",
        ["GITHUB_REF_NAME"] = "v1.2.3",
        ["GITHUB_REPOSITORY"] = "3whiskeywhiskey/rds-csi",
        ["GITHUB_SERVER_URL"] = "https://github.com",
        ["GITHUB_WORKFLOW_REF"] = "3whiskeywhiskey/rds-csi/.github/workflows/release.yml@refs/tags/v1.2.3",
        ["ACTIONS_ID_TOKEN_REQUEST_URL"] = "https://token.invalid/request",
        ["ACTIONS_ID_TOKEN_REQUEST_TOKEN"] = "request-token",
        ["COSIGN_KEY"] = null,
    };

    private BuildContext Context(Dictionary<string, string?> environment, Dictionary<string, string>? arguments = null) =>
        new(CakeContexts.Create(_working.Path, arguments, environment: environment));

    [Test]
    public void A_tag_build_in_Actions_signs_keyless_as_the_release_workflow()
    {
        var settings = SigningSettings.Read(Context(TagBuildInActions));

        Assert.That(settings.Mode, Is.EqualTo(SigningMode.Keyless));
        Assert.That(settings.CertificateIdentity, Is.EqualTo("https://github.com/3whiskeywhiskey/rds-csi/.github/workflows/release.yml@refs/tags/v1.2.3"));
    }

    [Test]
    public void Keyless_verification_pins_the_workflow_identity_and_GitHubs_issuer()
    {
        var context = Context(TagBuildInActions);
        var verify = new CosignVerifySettings { Identity = CosignIdentity.Keyless(SigningSettings.Read(context).CertificateIdentity!, SigningSettings.GitHubIssuer) };

        Assert.That(CosignRunner.BuildArguments("ghcr.io/3whiskeywhiskey/rds-csi@sha256:" + new string('a', 64), verify).Render(), Does.Contain(
            "--certificate-identity \"https://github.com/3whiskeywhiskey/rds-csi/.github/workflows/release.yml@refs/tags/v1.2.3\" " +
            "--certificate-oidc-issuer \"https://token.actions.githubusercontent.com\""));
    }

    [Test]
    public void Publish_without_an_OIDC_token_or_a_key_says_how_to_sign()
    {
        var environment = new Dictionary<string, string?>(TagBuildInActions) { ["ACTIONS_ID_TOKEN_REQUEST_URL"] = null };

        var error = Assert.Throws<BuildConfigurationException>(() => SigningSettings.Read(Context(environment)));

        Assert.That(error!.Message, Does.Contain("id-token: write").And.Contain("--signing-key"));
    }

    [Test]
    public void A_signing_key_argument_or_COSIGN_KEY_selects_key_mode()
    {
        var fromArgument = SigningSettings.Read(Context(TagBuildInActions, new() { ["signing-key"] = "keys/release.key" }));
        var fromEnvironment = SigningSettings.Read(Context(new Dictionary<string, string?> { ["COSIGN_KEY"] = "/abs/cosign.key", ["GITHUB_ACTIONS"] = null }));

        Assert.That(fromArgument.Mode, Is.EqualTo(SigningMode.Key));
        Assert.That(fromArgument.PrivateKey.FullPath, Is.EqualTo(_working.Path + "/keys/release.key"));
        Assert.That(fromEnvironment.PrivateKey.FullPath, Is.EqualTo("/abs/cosign.key"));
    }

    [Test]
    public void A_PEM_in_COSIGN_KEY_is_the_key_itself_and_cosign_reads_it_as_env_COSIGN_KEY()
    {
        var pem = Build.Signing.CosignKeys.Generate("pw").PrivatePem;

        var settings = SigningSettings.Read(Context(new Dictionary<string, string?> { ["COSIGN_KEY"] = pem, ["GITHUB_ACTIONS"] = null }));

        Assert.That(settings.Mode, Is.EqualTo(SigningMode.Key));
        Assert.That(settings.KeyFromEnvironment, Is.True);
        Assert.That(settings.KeySource, Is.EqualTo("COSIGN_KEY"));
        Assert.That(SigningSettings.EnvironmentKeyReference, Is.EqualTo("env://COSIGN_KEY"));
        Assert.That(settings.Describe(), Is.EqualTo("key from COSIGN_KEY"));
    }

    [Test]
    public void A_rehearsal_uses_the_ephemeral_key_under_artifacts()
    {
        var settings = SigningSettings.Read(Context(new Dictionary<string, string?> { ["GITHUB_ACTIONS"] = null, ["COSIGN_KEY"] = null }));

        Assert.That(settings.Mode, Is.EqualTo(SigningMode.Rehearsal));
        Assert.That(settings.PrivateKey.FullPath, Is.EqualTo(_working.Path + "/artifacts/keys/cosign.key"));
        Assert.That(settings.Format, Is.EqualTo(CosignSignatureFormat.Legacy));
    }
}
