using Cake.Core;
using Cake.Core.IO;

namespace Build.Tools.Git;

public static class GitAliases
{
    public static GitRunner GitRunner(this ICakeContext context) =>
        new(context.FileSystem, context.Environment, context.ProcessRunner, context.Tools) { Runtime = ToolRuntime.Of(context) };

    public static ToolResult Git(this ICakeContext context, DirectoryPath repository, params string[] arguments) =>
        context.GitRunner().Run(repository, arguments);
}
