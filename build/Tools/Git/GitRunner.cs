using Cake.Core;
using Cake.Core.IO;
using Cake.Core.Tooling;

namespace Build.Tools.Git;

/// <summary>Runs git in a repository and captures its output.</summary>
public sealed class GitRunner(IFileSystem fileSystem, ICakeEnvironment environment, IProcessRunner processRunner, IToolLocator tools)
    : CapturingTool<GitSettings>(fileSystem, environment, processRunner, tools)
{
    private FilePath? _git;

    public ToolResult Run(DirectoryPath repository, IEnumerable<string> arguments, bool allowFailure = false)
    {
        var builder = new ProcessArgumentBuilder();
        foreach (var argument in arguments)
        {
            builder.AppendQuoted(argument);
        }

        // Resolved once: a release runs git several times, and Cake would search the tools folder and PATH each time.
        _git ??= Locate(new GitSettings());
        return Execute(new GitSettings { WorkingDirectory = repository, ToolPath = _git }, builder, allowFailure, "git " + string.Join(' ', arguments));
    }

    /// <summary>git reads the local repository only: nothing transient to retry.</summary>
    protected override bool RetriesTransientFailures => false;

    protected override string GetToolName() => "git";

    protected override IEnumerable<string> GetToolExecutableNames() => ["git", "git.exe"];
}
