using Cake.Core;
using Cake.Core.IO;
using Cake.Core.Tooling;

namespace Build.Tools.Umoci;

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
