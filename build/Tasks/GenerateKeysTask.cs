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

        var pair = CosignKeys.Generate(ReadPassword(context));
        SigningKeys.WritePrivate(privateKey.FullPath, pair.PrivatePem);
        Directory.CreateDirectory(deployed.GetDirectory().FullPath);
        File.WriteAllText(deployed.FullPath, pair.PublicPem);
        EnsureIgnored(context, privateKey);
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

        var passphrase = context.Options.Secrets.HelmSigningPassphrase ?? ReadSecret(context, BuildSecrets.HelmSigningPassphraseVariable, "passphrase for the new Helm signing key");
        var labels = context.Options.Settings.Labels;
        var key = HelmSigningKey.Generate($"{labels.Title} Helm chart signing ({labels.Source})", passphrase, DateTime.UtcNow);
        SigningKeys.WritePrivate(privateKey.FullPath, key.ArmoredSecretKey());
        Directory.CreateDirectory(deployed.GetDirectory().FullPath);
        File.WriteAllText(deployed.FullPath, key.ArmoredPublicKey());
        EnsureIgnored(context, privateKey);
        context.Information("Wrote {0} (private, never commit it) and its public key {1} (commit it: helm verify and Artifact Hub use it); fingerprint {2}", privateKey.FullPath, deployed.FullPath, key.Fingerprint);
        context.Information("Sign releases with it: store the content of {0} as the secret HELM_SIGNING_KEY and its passphrase as HELM_SIGNING_PASSPHRASE", privateKey.GetFilename().FullPath);
    }

    private static string ReadPassword(BuildContext context) =>
        context.Options.Secrets.CosignPassword ?? ReadSecret(context, BuildSecrets.CosignPasswordVariable, "password for the new cosign.key");

    /// <summary>Asks twice, through the run's password prompt (the terminal), for what <paramref name="variable"/> would hold.</summary>
    private static string ReadSecret(BuildContext context, string variable, string what)
    {
        var prompt = context.Services.PasswordPrompt;
        if (!prompt.CanAsk)
        {
            throw new BuildConfigurationException($"{variable} is not set and there is no terminal to ask on: export {variable} with the {what}.");
        }

        var first = prompt.Ask(char.ToUpperInvariant(what[0]) + what[1..] + ":");
        var second = prompt.Ask("Again:");
        return first == second ? first : throw new BuildConfigurationException("The two passwords differ; run GenerateKeys again.");
    }

    /// <summary>Adds cosign.key to .gitignore unless git already ignores it.</summary>
    private static void EnsureIgnored(BuildContext context, FilePath privateKey)
    {
        var name = privateKey.GetFilename().FullPath;
        var ignored = context.GitRunner().Run(context.Options.RepositoryRoot, ["check-ignore", "-q", privateKey.FullPath], allowFailure: true).Succeeded;
        if (ignored)
        {
            return;
        }

        var gitignore = context.Options.RepositoryRoot.CombineWithFilePath(".gitignore").FullPath;
        var prefix = File.Exists(gitignore) && !File.ReadAllText(gitignore).EndsWith('\n') ? "\n" : string.Empty;
        File.AppendAllText(gitignore, prefix + $"# the private signing key is never committed\n{name}\n");
        context.Information("Added {0} to .gitignore", name);
    }
}
