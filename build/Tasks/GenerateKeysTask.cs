using Build.Configuration;
using Build.Signing;
using Build.Tools.Git;
using Cake.Common.Diagnostics;
using Cake.Core.IO;

namespace Build.Tasks;

[TaskName("GenerateKeys")]
[TaskDescription("Writes a cosign key pair for key-based signing: cosign.key (git-ignored) and the public key as deploy/cosign.pub, the one copy that is published; with --helm, the Helm chart's OpenPGP key instead: helm-signing.key (git-ignored) and deploy/helm-signing.asc")]
public sealed class GenerateKeysTask : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        if (context.Arguments.HasArgument(Arguments.Helm))
        {
            GenerateHelmKey(context);
            return;
        }

        var privateKey = context.Options.RepositoryRoot.CombineWithFilePath("cosign.key");
        // The public key has one home, deploy/cosign.pub: a second copy at the root would be an untracked file to forget.
        var deployed = context.Options.RepositoryRoot.Combine("deploy").CombineWithFilePath("cosign.pub");
        var existing = new[] { privateKey, deployed }.Where(context.FileSystem.Exist).ToList();
        if (existing.Count > 0)
        {
            throw new BuildConfigurationException($"GenerateKeys never overwrites a key: {string.Join(", ", existing.Select(file => file.FullPath))} already exist(s). Move them away first if you really mean to replace the signing key (every verifier must then get the new deploy/cosign.pub).");
        }

        var pair = CosignKeys.Generate(NewKeyFiles.ReadPassword(context, "cosign.key", "GenerateKeys"));
        SigningKeys.WritePrivate(privateKey.FullPath, pair.PrivatePem);
        Directory.CreateDirectory(deployed.GetDirectory().FullPath);
        File.WriteAllText(deployed.FullPath, pair.PublicPem);
        NewKeyFiles.EnsureIgnored(context, privateKey, "cosign.key");
        context.Information("Wrote {0} (private, never commit it) and its public key {1} (commit it: verifiers use it)", privateKey.FullPath, deployed.FullPath);
        context.Information("Sign with: ./build.sh --target=Release --signing-key={0} (COSIGN_PASSWORD set)", privateKey.FullPath);
    }

    /// <summary>
    /// The Helm provenance key: an RSA-3072 OpenPGP key sealed with HELM_SIGNING_PASSPHRASE (or a passphrase asked for),
    /// the armored secret key in helm-signing.key (HELM_SIGNING_KEY's value) and the public key as deploy/helm-signing.asc.
    /// </summary>
    private static void GenerateHelmKey(BuildContext context)
    {
        var privateKey = context.Options.RepositoryRoot.CombineWithFilePath("helm-signing.key");
        var deployed = context.Options.RepositoryRoot.CombineWithFilePath(HelmKeys.DeployedPublicKey);
        var existing = new[] { privateKey, deployed }.Where(context.FileSystem.Exist).ToList();
        if (existing.Count > 0)
        {
            throw new BuildConfigurationException($"GenerateKeys never overwrites a key: {string.Join(", ", existing.Select(file => file.FullPath))} already exist(s). Move them away first if you really mean to replace the Helm signing key (every user must then import the new {HelmKeys.DeployedPublicKey}).");
        }

        var passphrase = context.Options.Secrets.HelmSigningPassphrase ?? NewKeyFiles.ReadSecret(context, BuildSecrets.HelmSigningPassphraseVariable, "passphrase for the new Helm signing key", "GenerateKeys --helm");
        var labels = context.Options.Settings.Labels;
        var key = HelmSigningKey.Generate($"{labels.Title} Helm chart signing ({labels.Source})", passphrase, DateTime.UtcNow);
        SigningKeys.WritePrivate(privateKey.FullPath, key.ArmoredSecretKey());
        Directory.CreateDirectory(deployed.GetDirectory().FullPath);
        File.WriteAllText(deployed.FullPath, key.ArmoredPublicKey());
        NewKeyFiles.EnsureIgnored(context, privateKey, "helm-signing.key");
        context.Information("Wrote {0} (private, never commit it) and its public key {1} (commit it: helm verify and Artifact Hub use it); fingerprint {2}", privateKey.FullPath, deployed.FullPath, key.Fingerprint);
        context.Information("Sign releases with it: store the content of {0} as the secret HELM_SIGNING_KEY and its passphrase as HELM_SIGNING_PASSPHRASE", privateKey.GetFilename().FullPath);
    }
}
