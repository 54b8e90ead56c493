using Build.Tools.Cosign;
using Cake.Core;
using Cake.Core.IO;

namespace Build.Configuration;

/// <summary>How this run signs.</summary>
public enum SigningMode
{
    /// <summary>Sigstore keyless: a certificate for the GitHub Actions workflow identity (publish mode in Actions with an OIDC token).</summary>
    Keyless,

    /// <summary>A cosign key pair: --signing-key=PATH or COSIGN_KEY, with COSIGN_PASSWORD.</summary>
    Key,

    /// <summary>An ephemeral key pair under artifacts/keys/, made on first use.</summary>
    Rehearsal,
}

/// <summary>The signing decisions of a run, made once from arguments and environment.</summary>
public sealed record SigningSettings(
    SigningMode Mode,
    FilePath PrivateKey,
    FilePath PublicKey,
    string? CertificateIdentity,
    bool SignPlatforms,
    CosignSignatureFormat Format)
{
    public const string GitHubIssuer = "https://token.actions.githubusercontent.com";

    /// <summary>cosign's reference to a key held in the COSIGN_KEY variable.</summary>
    public const string EnvironmentKeyReference = "env://" + BuildSecrets.CosignKeyVariable;

    /// <summary>True when the private key is COSIGN_KEY's PEM text (cosign reads it as env://COSIGN_KEY), not the file <see cref="PrivateKey"/>.</summary>
    public bool KeyFromEnvironment { get; init; }

    /// <summary>A cosign key URI (awskms://, gcpkms://, azurekms://, hashivault://, k8s://, pkcs11:) when the key is in a KMS or HSM: cosign signs, the native signer cannot.</summary>
    public string? KeyUri { get; init; }

    /// <summary>Where the private key comes from, for messages: its URI, its path, or COSIGN_KEY.</summary>
    public string KeySource => KeyUri ?? (KeyFromEnvironment ? BuildSecrets.CosignKeyVariable : PrivateKey.FullPath);

    public static SigningSettings Read(BuildContext context)
    {
        var arguments = context.Arguments;
        var layout = context.Options.Layout;
        var signPlatforms = arguments.HasArgument(Arguments.SignPlatforms) && arguments.GetArgument(Arguments.SignPlatforms) is not ("false" or "0");
        var format = arguments.HasArgument(Arguments.SignatureFormat)
            ? ReleaseSettings.ParseEnum<CosignSignatureFormat>(arguments.GetArgument(Arguments.SignatureFormat), "--signature-format", "legacy, bundle")
            : CosignSignatureFormat.Legacy;

        if (arguments.HasArgument(Arguments.Key))
        {
            // Verification only (VerifyRelease): the public key a user was given.
            var publicKey = new FilePath(arguments.GetArgument(Arguments.Key)).MakeAbsolute(context.Environment);
            return new SigningSettings(SigningMode.Key, layout.SigningKey, publicKey, null, signPlatforms, format);
        }

        var given = arguments.HasArgument(Arguments.SigningKey) ? arguments.GetArgument(Arguments.SigningKey) : context.Options.Secrets.CosignKey;
        if (given is not null && SigningKeyUri.IsUri(given))
        {
            // A key in a KMS or HSM: only cosign signs with it, and it gets the URI unchanged.
            var uri = SigningKeyUri.Validate(given, arguments.HasArgument(Arguments.SigningKey) ? "--signing-key" : BuildSecrets.CosignKeyVariable);
            return new SigningSettings(SigningMode.Key, layout.SigningKey, layout.SigningPublicKey, null, signPlatforms, format) { KeyUri = uri };
        }

        if (arguments.HasArgument(Arguments.SigningKey) && Diagnostics.InputText.LooksLikeKeyMaterial(arguments.GetArgument(Arguments.SigningKey)))
        {
            throw new BuildConfigurationException(
                $"--signing-key holds key material, not a path {Diagnostics.InputText.NotShown}: a key on the command line is readable by every local user. " +
                $"Put the PEM text in {BuildSecrets.CosignKeyVariable} (and its password in {BuildSecrets.CosignPasswordVariable}), or pass the path of cosign.key.");
        }

        if (!arguments.HasArgument(Arguments.SigningKey) && context.Options.Secrets.CosignKeyIsPem)
        {
            // cosign's env://COSIGN_KEY form: the variable is the key itself.
            return new SigningSettings(SigningMode.Key, layout.SigningKey, layout.SigningPublicKey, null, signPlatforms, format) { KeyFromEnvironment = true };
        }

        var keyPath = arguments.HasArgument(Arguments.SigningKey) ? arguments.GetArgument(Arguments.SigningKey) : context.Options.Secrets.CosignKey;
        if (!string.IsNullOrWhiteSpace(keyPath))
        {
            if (Diagnostics.InputText.LooksLikeKeyMaterial(keyPath))
            {
                throw new BuildConfigurationException(
                    $"{BuildSecrets.CosignKeyVariable} holds something that looks like key material but is not a PEM block {Diagnostics.InputText.NotShown}: " +
                    "set it to the whole text of cosign.key (from -----BEGIN to -----END) or to the path of cosign.key.");
            }

            var privateKey = new FilePath(keyPath).MakeAbsolute(context.Environment);
            return new SigningSettings(SigningMode.Key, privateKey, layout.SigningPublicKey, null, signPlatforms, format);
        }

        if (context.Options.IsPublishing)
        {
            if (!context.Options.GitHubActions.HasIdToken || context.Options.GitHubActions.WorkflowRef is null)
            {
                throw new BuildConfigurationException("Publish mode signs keyless in GitHub Actions (the job needs 'permissions: id-token: write') or with a key: pass --signing-key=PATH (or set COSIGN_KEY) and COSIGN_PASSWORD.");
            }

            return new SigningSettings(SigningMode.Keyless, layout.SigningKey, layout.SigningPublicKey, KeylessIdentity(context.Options.GitHubActions), signPlatforms, format);
        }

        return new SigningSettings(SigningMode.Rehearsal, layout.SigningKey, layout.SigningPublicKey, null, signPlatforms, format);
    }

    /// <summary>The certificate identity of a keyless signature made by a workflow: https://github.com/OWNER/REPO/.github/workflows/FILE@REF.</summary>
    public static string KeylessIdentity(GitHubActions actions) => $"{actions.ServerUrl!.TrimEnd('/')}/{actions.WorkflowRef}";

    public string Describe() => Mode switch
    {
        SigningMode.Keyless => $"keyless ({CertificateIdentity})",
        SigningMode.Key when KeyUri is not null => $"key {KeyUri}",
        SigningMode.Key => KeyFromEnvironment ? $"key from {BuildSecrets.CosignKeyVariable}" : $"key {PrivateKey.GetFilename()}",
        _ => "rehearsal key artifacts/keys/cosign.key",
    };
}
