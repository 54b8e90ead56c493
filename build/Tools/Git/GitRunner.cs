using Cake.Core;
using Cake.Core.IO;
using Cake.Core.Tooling;

namespace Build.Tools.Git;

public sealed class GitSettings : ToolSettings;

/// <summary>Runs git in a repository and captures its output.</summary>
public sealed class GitRunner(IFileSystem fileSystem, ICakeEnvironment environment, IProcessRunner processRunner, IToolLocator tools)
    : CapturingTool<GitSettings>(fileSystem, environment, processRunner, tools)
{
    public ToolResult Run(DirectoryPath repository, IEnumerable<string> arguments, bool allowFailure = false)
    {
        var builder = new ProcessArgumentBuilder();
        foreach (var argument in arguments)
        {
            builder.AppendQuoted(argument);
        }

        return Execute(new GitSettings { WorkingDirectory = repository }, builder, allowFailure, "git " + string.Join(' ', arguments));
    }

    protected override string GetToolName() => "git";

    protected override IEnumerable<string> GetToolExecutableNames() => ["git", "git.exe"];
}
