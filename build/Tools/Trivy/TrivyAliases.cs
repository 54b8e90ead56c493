using Cake.Core;

namespace Build.Tools.Trivy;

/// <summary>trivy as Cake aliases: <c>context.TrivyImage(reference, settings)</c>.</summary>
public static class TrivyAliases
{
    public static TrivyRunner TrivyRunner(this ICakeContext context) =>
        new(context.FileSystem, context.Environment, context.ProcessRunner, context.Tools) { Runtime = ToolRuntime.Of(context) };

    public static TrivyImageResult TrivyImage(this ICakeContext context, string reference, TrivyImageSettings settings) =>
        context.TrivyRunner().Image(reference, settings);
}
