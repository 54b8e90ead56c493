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

        var pair = CosignKeys.Generate(NewKeyFiles.ReadPassword(context, "cosign.key", "GenerateKeys"));
        SigningKeys.WritePrivate(privateKey.FullPath, pair.PrivatePem);
        Directory.CreateDirectory(deployed.GetDirectory().FullPath);
        File.WriteAllText(deployed.FullPath, pair.PublicPem);
        NewKeyFiles.EnsureIgnored(context, privateKey, "cosign.key");
        context.Information("Wrote {0} (private, never commit it) and its public key {1} (commit it: verifiers use it)", privateKey.FullPath, deployed.FullPath);
        context.Information("Sign with: ./build.sh --target=Release --signing-key={0} (COSIGN_PASSWORD set)", privateKey.FullPath);
    }
}
