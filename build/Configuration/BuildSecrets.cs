namespace Build.Configuration;

/// <summary>
/// Every secret the build may use, read from the environment only (never from arguments or cake.config).
/// <see cref="ToString"/> never shows a value.
/// </summary>
public sealed record BuildSecrets(string? CosignPassword, string? GitHubToken, string? RegistryUsername, string? RegistryPassword)
{
    public const string CosignPasswordVariable = "COSIGN_PASSWORD";
    public const string CosignKeyVariable = "COSIGN_KEY";
    public const string GitHubTokenVariable = "GITHUB_TOKEN";
    public const string RegistryUsernameVariable = "REGISTRY_USERNAME";
    public const string RegistryPasswordVariable = "REGISTRY_PASSWORD";
    public const string AnnounceWebhookUrlVariable = "ANNOUNCE_WEBHOOK_URL";
    public const string HelmSigningKeyVariable = "HELM_SIGNING_KEY";
    public const string HelmSigningPassphraseVariable = "HELM_SIGNING_PASSPHRASE";

    /// <summary>The Actions OIDC request token: not read by the build, but present in keyless-signing jobs and never to be shown.</summary>
    public const string ActionsIdTokenRequestTokenVariable = "ACTIONS_ID_TOKEN_REQUEST_TOKEN";

    /// <summary>
    /// The credentials cosign's KMS and HSM providers read from their usual environment (a --signing-key URI): the build
    /// never reads them, cosign inherits them, and their values are masked like every other secret.
    /// </summary>
    public static IReadOnlyList<string> KeyProviderVariables { get; } =
        ["AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "GOOGLE_APPLICATION_CREDENTIALS", "AZURE_CLIENT_SECRET", "AZURE_CLIENT_CERTIFICATE_PASSWORD", "VAULT_TOKEN", "COSIGN_PKCS11_PIN"];

    /// <summary>
    /// The one list of variables whose values are masked in every log and registered with ::add-mask:: (SecretMasker reads it).
    /// REGISTRY_USERNAME is not among them: a user name is not a secret, and masking it would garble every message naming the account.
    /// </summary>
    public static IReadOnlyList<string> MaskedVariables { get; } =
        [CosignPasswordVariable, CosignKeyVariable, GitHubTokenVariable, RegistryPasswordVariable, ActionsIdTokenRequestTokenVariable, AnnounceWebhookUrlVariable, HelmSigningKeyVariable, HelmSigningPassphraseVariable, .. KeyProviderVariables];

    /// <summary>COSIGN_KEY: a path to cosign.key, or the key's PEM text itself (cosign's env://COSIGN_KEY form).</summary>
    public string? CosignKey { get; init; }

    /// <summary>ANNOUNCE_WEBHOOK_URL: the webhook the Announce task posts to; its URL is its password.</summary>
    public string? AnnounceWebhookUrl { get; init; }

    /// <summary>HELM_SIGNING_KEY: the armored OpenPGP secret key that signs the chart's Helm provenance file (.prov).</summary>
    public string? HelmSigningKey { get; init; }

    /// <summary>HELM_SIGNING_PASSPHRASE: the passphrase of HELM_SIGNING_KEY (unset for a key without one).</summary>
    public string? HelmSigningPassphrase { get; init; }

    /// <summary>True when COSIGN_KEY holds the key itself rather than a path to it.</summary>
    public bool CosignKeyIsPem => CosignKey?.TrimStart().StartsWith("-----BEGIN", StringComparison.Ordinal) == true;

    public static BuildSecrets Read(Func<string, string?> variable) => new(
        variable(CosignPasswordVariable),
        variable(GitHubTokenVariable),
        variable(RegistryUsernameVariable),
        variable(RegistryPasswordVariable))
    {
        CosignKey = variable(CosignKeyVariable),
        AnnounceWebhookUrl = variable(AnnounceWebhookUrlVariable),
        HelmSigningKey = variable(HelmSigningKeyVariable),
        HelmSigningPassphrase = variable(HelmSigningPassphraseVariable),
    };

    public override string ToString() =>
        $"BuildSecrets {{ {CosignPasswordVariable} = {Shown(CosignPassword)}, {CosignKeyVariable} = {Shown(CosignKey)}, {GitHubTokenVariable} = {Shown(GitHubToken)}, {RegistryUsernameVariable} = {Shown(RegistryUsername)}, {RegistryPasswordVariable} = {Shown(RegistryPassword)}, {AnnounceWebhookUrlVariable} = {Shown(AnnounceWebhookUrl)}, {HelmSigningKeyVariable} = {Shown(HelmSigningKey)}, {HelmSigningPassphraseVariable} = {Shown(HelmSigningPassphrase)} }}";

    private static string Shown(string? value) => value is null ? "(unset)" : "***";
}
