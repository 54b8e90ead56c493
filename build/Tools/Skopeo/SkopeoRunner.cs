using Cake.Core;
using Cake.Core.IO;
using Cake.Core.Tooling;

namespace Build.Tools.Skopeo;

/// <summary>Runs skopeo copy; each setting maps to its flag here, in one place.</summary>
public sealed class SkopeoRunner(IFileSystem fileSystem, ICakeEnvironment environment, IProcessRunner processRunner, IToolLocator tools)
    : CapturingTool<ToolSettings>(fileSystem, environment, processRunner, tools)
{
    public ToolResult Copy(SkopeoCopySettings settings) =>
        Execute(settings, CopyArguments(settings), what: $"skopeo copy {settings.Source} {settings.Destination}");

    public static ProcessArgumentBuilder CopyArguments(SkopeoCopySettings settings)
    {
        var args = new ProcessArgumentBuilder().Append("copy");
        if (settings.All)
        {
            args.Append("--all");
        }

        if (settings.PreserveDigests)
        {
            args.Append("--preserve-digests");
        }

        args.Append("--src-tls-verify=" + Bool(settings.SourceTlsVerify));
        args.Append("--dest-tls-verify=" + Bool(settings.DestinationTlsVerify));
        if (settings.SourceAuthFile is not null)
        {
            args.Append("--src-authfile").AppendQuoted(settings.SourceAuthFile.FullPath);
        }

        if (settings.DestinationAuthFile is not null)
        {
            args.Append("--dest-authfile").AppendQuoted(settings.DestinationAuthFile.FullPath);
        }

        if (settings.Quiet)
        {
            args.Append("--quiet");
        }

        return args.AppendQuoted(settings.Source).AppendQuoted(settings.Destination);
    }

    protected override string GetToolName() => "skopeo";

    protected override IEnumerable<string> GetToolExecutableNames() => ["skopeo"];

    private static string Bool(bool value) => value ? "true" : "false";
}
