using Build.Configuration;
using Build.Signing;
using Build.Tools.Git;
using Cake.Common.Diagnostics;
using Cake.Core.IO;

namespace Build.Tasks;

[TaskName("GenerateKeys")]
[TaskDescription("Writes a cosign key pair for key-based signing: cosign.key (git-ignored) and the public key as deploy/cosign.pub, the one copy that is published")]
public sealed class GenerateKeysTask : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
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

    private static string ReadPassword(BuildContext context)
    {
        if (context.Options.Secrets.CosignPassword is { } password)
        {
            return password;
        }

        var prompt = context.Services.PasswordPrompt;
        if (!prompt.CanAsk)
        {
            throw new BuildConfigurationException("COSIGN_PASSWORD is not set and there is no terminal to ask on: export COSIGN_PASSWORD with the password for the new key.");
        }

        var first = prompt.Ask("Password for the new cosign.key:");
        var second = prompt.Ask("Again:");
        return first == second ? first : throw new BuildConfigurationException("The two passwords differ; run GenerateKeys again.");
    }

    /// <summary>Adds cosign.key to .gitignore unless git already ignores it.</summary>
    private static void EnsureIgnored(BuildContext context, FilePath privateKey)
    {
        var ignored = context.GitRunner().Run(context.Options.RepositoryRoot, ["check-ignore", "-q", privateKey.FullPath], allowFailure: true).Succeeded;
        if (ignored)
        {
            return;
        }

        var gitignore = context.Options.RepositoryRoot.CombineWithFilePath(".gitignore").FullPath;
        var prefix = File.Exists(gitignore) && !File.ReadAllText(gitignore).EndsWith('\n') ? "\n" : string.Empty;
        File.AppendAllText(gitignore, prefix + "# the private signing key is never committed\ncosign.key\n");
        context.Information("Added cosign.key to .gitignore");
    }
}
