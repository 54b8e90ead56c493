using Cake.Core;

namespace Build.Tools.Buildah;

public static class BuildahAliases
{
    public static BuildahRunner Buildah(this ICakeContext context) =>
        new(context.FileSystem, context.Environment, context.ProcessRunner, context.Tools) { Runtime = ToolRuntime.Of(context) };

    public static ToolResult BuildahBuild(this ICakeContext context, BuildahBuildSettings settings) => context.Buildah().Build(settings);

    public static ToolResult BuildahManifestPush(this ICakeContext context, BuildahManifestPushSettings settings) => context.Buildah().PushManifest(settings);

    public static bool BuildahManifestRemove(this ICakeContext context, BuildahManifestRemoveSettings settings) => context.Buildah().RemoveManifest(settings);
}
