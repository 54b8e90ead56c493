using Build.Configuration;
using Build.Tools.Git;
using Cake.Common.Diagnostics;
using Cake.Core.IO;

namespace Build.Signing;

/// <summary>What GenerateKeys and RotateKeys share when they make a key pair: its password, and keeping the private key out of git.</summary>
public static class NewKeyFiles
{
    /// <summary>COSIGN_PASSWORD, or asked twice on the terminal.</summary>
    public static string ReadPassword(BuildContext context, string keyName, string task) =>
        context.Options.Secrets.CosignPassword ?? ReadSecret(context, BuildSecrets.CosignPasswordVariable, $"password for the new {keyName}", task);

    /// <summary>Asks twice, through the run's password prompt (the terminal), for what <paramref name="variable"/> would hold.</summary>
    public static string ReadSecret(BuildContext context, string variable, string what, string task)
    {
        var prompt = context.Services.PasswordPrompt;
        if (!prompt.CanAsk)
        {
            throw new BuildConfigurationException($"{variable} is not set and there is no terminal to ask on: export {variable} with the {what}.");
        }

        var first = prompt.Ask(char.ToUpperInvariant(what[0]) + what[1..] + ":");
        var second = prompt.Ask("Again:");
        return first == second ? first : throw new BuildConfigurationException($"The two passwords differ; run {task} again.");
    }

    /// <summary>Adds <paramref name="pattern"/> to .gitignore unless git already ignores <paramref name="privateKey"/>.</summary>
    public static void EnsureIgnored(BuildContext context, FilePath privateKey, string pattern)
    {
        var ignored = context.GitRunner().Run(context.Options.RepositoryRoot, ["check-ignore", "-q", privateKey.FullPath], allowFailure: true).Succeeded;
        if (ignored)
        {
            return;
        }

        var gitignore = context.Options.RepositoryRoot.CombineWithFilePath(".gitignore").FullPath;
        var prefix = File.Exists(gitignore) && !File.ReadAllText(gitignore).EndsWith('\n') ? "\n" : string.Empty;
        File.AppendAllText(gitignore, prefix + $"# the private signing key is never committed\n{pattern}\n");
        context.Information("Added {0} to .gitignore", pattern);
    }
}
