using Cake.Core;

namespace Build.Tools.Shellcheck;

public static class ShellcheckAliases
{
    public static ToolResult Shellcheck(this ICakeContext context, ShellcheckSettings settings) =>
        new ShellcheckRunner(context.FileSystem, context.Environment, context.ProcessRunner, context.Tools) { Runtime = ToolRuntime.Of(context) }.Check(settings);
}
