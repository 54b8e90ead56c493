using Cake.Core;
using Cake.Core.IO;

namespace Build.Tools.Syft;

/// <summary>syft as Cake aliases: <c>context.SyftScan(SyftSource.Registry(reference), settings)</c>.</summary>
public static class SyftAliases
{
    public static SyftRunner SyftRunner(this ICakeContext context) =>
        new(context.FileSystem, context.Environment, context.ProcessRunner, context.Tools) { Runtime = ToolRuntime.Of(context) };

    public static IReadOnlyList<FilePath> SyftScan(this ICakeContext context, SyftSource source, SyftScanSettings settings) =>
        context.SyftRunner().Scan(source, settings);
}
