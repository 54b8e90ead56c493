using Build.Configuration;
using Cake.Common.Diagnostics;

namespace Build.Signing;

/// <summary>
/// The key that signs the chart's Helm provenance file: HELM_SIGNING_KEY (with HELM_SIGNING_PASSPHRASE); in a rehearsal
/// without it, an ephemeral key pair under artifacts/keys/ made once and reused; in publish mode without it, none (a
/// warning), unless [Helm] RequireProvenance=true. Its public key is exported to artifacts/keys/helm-signing.asc.
/// </summary>
public static class HelmKeys
{
    /// <summary>The published public key in the repository; when committed, HELM_SIGNING_KEY must be its key.</summary>
    public const string DeployedPublicKey = "deploy/helm-signing.asc";

    /// <summary>
    /// The preflight's check of HELM_SIGNING_KEY, before anything is pushed: it opens with HELM_SIGNING_PASSPHRASE and is
    /// the committed deploy/helm-signing.asc's key; the problems, naming the variables, never a secret.
    /// </summary>
    public static IReadOnlyList<string> Problems(BuildContext context)
    {
        if (context.Options.Secrets.HelmSigningKey is not { Length: > 0 })
        {
            return [];
        }

        try
        {
            OpenConfigured(context);
            return [];
        }
        catch (Exception exception) when (exception is SigningKeyException or BuildConfigurationException)
        {
            return [exception.Message];
        }
    }

    public static HelmSigningKey? Resolve(BuildContext context)
    {
        var options = context.Options;
        var layout = options.Layout;
        HelmSigningKey key;
        if (options.Secrets.HelmSigningKey is { Length: > 0 })
        {
            key = OpenConfigured(context);
        }
        else if (!options.IsPublishing)
        {
            var file = layout.HelmSigningKey.FullPath;
            if (File.Exists(file))
            {
                key = HelmSigningKey.Load(File.ReadAllText(file), string.Empty, file);
            }
            else
            {
                key = HelmSigningKey.Generate($"{options.Settings.Labels.Title} Helm chart signing (rehearsal)", string.Empty, DateTime.UtcNow, HelmKeyAlgorithm.Ed25519);
                Directory.CreateDirectory(layout.Keys.FullPath);
                SigningKeys.WritePrivate(file, key.ArmoredSecretKey());
                context.Information("Made an ephemeral rehearsal Helm signing key {0} ({1}); later rehearsals of this folder reuse it", file, key.Fingerprint);
            }
        }
        else if (options.HelmProvenance.RequireProvenance)
        {
            throw new BuildConfigurationException($"{BuildSecrets.HelmSigningKeyVariable} is not set, and [Helm] RequireProvenance=true: export the armored secret key that signs the chart's .prov (gpg --armor --export-secret-keys KEYID) as {BuildSecrets.HelmSigningKeyVariable}, its passphrase as {BuildSecrets.HelmSigningPassphraseVariable}.");
        }
        else
        {
            context.Warning("{0} is not set: the chart is released without a Helm provenance file (.prov), so helm verify / helm install --verify cannot check it (its cosign signature still covers it). Set {0} (and {1}), or [Helm] RequireProvenance=true to make this an error.", BuildSecrets.HelmSigningKeyVariable, BuildSecrets.HelmSigningPassphraseVariable);
            return null;
        }

        Releasing.FileWriter.WriteIfChanged(layout.HelmPublicKey.FullPath, key.ArmoredPublicKey());
        return key;
    }

    private static HelmSigningKey OpenConfigured(BuildContext context)
    {
        var key = HelmSigningKey.Load(context.Options.Secrets.HelmSigningKey!, context.Options.Secrets.HelmSigningPassphrase ?? string.Empty, BuildSecrets.HelmSigningKeyVariable);
        RequireDeployedKey(context, key);
        return key;
    }

    /// <summary>A committed deploy/helm-signing.asc is what users verify with: a release signed by another key would fail for all of them.</summary>
    private static void RequireDeployedKey(BuildContext context, HelmSigningKey key)
    {
        var deployed = context.Options.RepositoryRoot.CombineWithFilePath(DeployedPublicKey).FullPath;
        if (!File.Exists(deployed))
        {
            return;
        }

        var published = Convert.ToHexString(HelmSigningKey.ReadPublic(Releasing.SourceFiles.ReadAllText(context.Options.RepositoryRoot.FullPath, deployed), deployed).GetPublicKey().GetFingerprint());
        if (published != key.Fingerprint)
        {
            throw new BuildConfigurationException($"{BuildSecrets.HelmSigningKeyVariable} is the key {key.Fingerprint}, but {DeployedPublicKey} (what users verify with) is {published}: set {BuildSecrets.HelmSigningKeyVariable} to the secret key of {DeployedPublicKey}, or commit the new public key there.");
        }
    }
}
