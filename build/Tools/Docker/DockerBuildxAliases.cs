using Cake.Core;

namespace Build.Tools.Docker;

public static class DockerBuildxAliases
{
    public static DockerBuildxRunner DockerBuildx(this ICakeContext context) =>
        new(context.FileSystem, context.Environment, context.ProcessRunner, context.Tools) { Runtime = ToolRuntime.Of(context) };

    public static ToolResult DockerBuildxBuild(this ICakeContext context, DockerBuildxBuildSettings settings) => context.DockerBuildx().Build(settings);
}
