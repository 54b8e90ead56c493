using Cake.Core;

namespace Build.Tools.Skopeo;

public static class SkopeoAliases
{
    public static SkopeoRunner Skopeo(this ICakeContext context) =>
        new(context.FileSystem, context.Environment, context.ProcessRunner, context.Tools) { Runtime = ToolRuntime.Of(context) };

    public static ToolResult SkopeoCopy(this ICakeContext context, SkopeoCopySettings settings) => context.Skopeo().Copy(settings);
}
