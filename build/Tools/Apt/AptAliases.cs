using Cake.Core;

namespace Build.Tools.Apt;

public static class AptAliases
{
    public static AptRunner Apt(this ICakeContext context) =>
        new(context.FileSystem, context.Environment, context.ProcessRunner, context.Tools) { Runtime = ToolRuntime.Of(context) };
}
