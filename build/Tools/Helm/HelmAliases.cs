using Cake.Core;
using Cake.Core.IO;

namespace Build.Tools.Helm;

/// <summary>helm as Cake aliases: <c>context.HelmPackage(chart, settings)</c>.</summary>
public static class HelmAliases
{
    public static HelmRunner HelmRunner(this ICakeContext context) =>
        new(context.FileSystem, context.Environment, context.ProcessRunner, context.Tools) { Runtime = ToolRuntime.Of(context) };

    public static HelmLintReport HelmLint(this ICakeContext context, DirectoryPath chart, HelmLintSettings settings) =>
        context.HelmRunner().Lint(chart, settings);

    public static FilePath HelmPackage(this ICakeContext context, DirectoryPath chart, HelmPackageSettings settings) =>
        context.HelmRunner().Package(chart, settings);

    public static HelmPushResult HelmPush(this ICakeContext context, FilePath package, string remote, HelmPushSettings settings) =>
        context.HelmRunner().Push(package, remote, settings);
}
