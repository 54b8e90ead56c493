using Cake.Core;
using Cake.Core.IO;
using Cake.Core.Tooling;

namespace Build.Tools.Umoci;

/// <summary><c>umoci unpack</c>: an image of an OCI layout into a runtime bundle whose rootfs/ holds the image's files.</summary>
public sealed class UmociUnpackSettings : ToolSettings
{
    /// <summary>LAYOUT:TAG, e.g. /work/oci:image.</summary>
    public required string Image { get; set; }

    public required DirectoryPath Bundle { get; set; }

    /// <summary>Unpack without root (file owners become the caller); needed when not running as root.</summary>
    public bool Rootless { get; set; }
}

/// <summary>Runs umoci.</summary>
public sealed class UmociRunner(IFileSystem fileSystem, ICakeEnvironment environment, IProcessRunner processRunner, IToolLocator tools)
    : CapturingTool<UmociUnpackSettings>(fileSystem, environment, processRunner, tools)
{
    public DirectoryPath Unpack(UmociUnpackSettings settings)
    {
        Execute(settings, UnpackArguments(settings), what: $"umoci unpack {settings.Image}");
        return settings.Bundle.Combine("rootfs");
    }

    public static ProcessArgumentBuilder UnpackArguments(UmociUnpackSettings settings)
    {
        var args = new ProcessArgumentBuilder().Append("unpack");
        if (settings.Rootless)
        {
            args.Append("--rootless");
        }

        return args.Append("--image").AppendQuoted(settings.Image).AppendQuoted(settings.Bundle.FullPath);
    }

    protected override string GetToolName() => "umoci";

    protected override IEnumerable<string> GetToolExecutableNames() => ["umoci"];
}

public static class UmociAliases
{
    public static DirectoryPath UmociUnpack(this ICakeContext context, UmociUnpackSettings settings) =>
        new UmociRunner(context.FileSystem, context.Environment, context.ProcessRunner, context.Tools) { Runtime = ToolRuntime.Of(context) }.Unpack(settings);
}
