using Cake.Core;

namespace Build.Tools.Yamllint;

public static class YamllintAliases
{
    public static ToolResult Yamllint(this ICakeContext context, YamllintSettings settings) =>
        new YamllintRunner(context.FileSystem, context.Environment, context.ProcessRunner, context.Tools) { Runtime = ToolRuntime.Of(context) }.Check(settings);
}
