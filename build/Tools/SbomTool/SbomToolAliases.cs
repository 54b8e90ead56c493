using Cake.Core;
using Cake.Core.IO;

namespace Build.Tools.SbomTool;

/// <summary>sbom-tool as a Cake alias: <c>context.SbomToolGenerate(settings)</c> returns the SPDX file.</summary>
public static class SbomToolAliases
{
    public static SbomToolRunner SbomToolRunner(this ICakeContext context) =>
        new(context.FileSystem, context.Environment, context.ProcessRunner, context.Tools) { Runtime = ToolRuntime.Of(context) };

    public static FilePath SbomToolGenerate(this ICakeContext context, SbomToolGenerateSettings settings) =>
        context.SbomToolRunner().Generate(settings);
}
