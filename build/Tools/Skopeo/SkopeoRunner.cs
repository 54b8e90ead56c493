using System.Text.Json;
using Cake.Core;
using Cake.Core.IO;
using Cake.Core.Tooling;

namespace Build.Tools.Skopeo;

/// <summary>Runs skopeo (inspect, copy, list-tags); each setting maps to its flag here, in one place.</summary>
public sealed class SkopeoRunner(IFileSystem fileSystem, ICakeEnvironment environment, IProcessRunner processRunner, IToolLocator tools)
    : CapturingTool<ToolSettings>(fileSystem, environment, processRunner, tools)
{
    public ToolResult Inspect(SkopeoInspectSettings settings) =>
        Execute(settings, InspectArguments(settings), what: $"skopeo inspect {settings.Image}");

    public ToolResult Copy(SkopeoCopySettings settings) =>
        Execute(settings, CopyArguments(settings), what: $"skopeo copy {settings.Source} {settings.Destination}");

    public IReadOnlyList<string> ListTags(SkopeoListTagsSettings settings)
    {
        var result = Execute(settings, ListTagsArguments(settings), what: $"skopeo list-tags {settings.Repository}");
        using var json = JsonDocument.Parse(result.OutputText);
        return json.RootElement.GetProperty("Tags").EnumerateArray().Select(tag => tag.GetString()!).ToList();
    }

    public static ProcessArgumentBuilder InspectArguments(SkopeoInspectSettings settings)
    {
        var args = new ProcessArgumentBuilder().Append("inspect");
        args.Append("--tls-verify=" + Bool(settings.TlsVerify));
        if (settings.Raw)
        {
            args.Append("--raw");
        }

        if (settings.Format is not null)
        {
            args.Append("--format").AppendQuoted(settings.Format);
        }

        if (settings.AuthFile is not null)
        {
            args.Append("--authfile").AppendQuoted(settings.AuthFile.FullPath);
        }

        return args.AppendQuoted(settings.Image);
    }

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

    public static ProcessArgumentBuilder ListTagsArguments(SkopeoListTagsSettings settings)
    {
        var args = new ProcessArgumentBuilder().Append("list-tags").Append("--tls-verify=" + Bool(settings.TlsVerify));
        if (settings.AuthFile is not null)
        {
            args.Append("--authfile").AppendQuoted(settings.AuthFile.FullPath);
        }

        return args.AppendQuoted(settings.Repository);
    }

    protected override string GetToolName() => "skopeo";

    protected override IEnumerable<string> GetToolExecutableNames() => ["skopeo"];

    private static string Bool(bool value) => value ? "true" : "false";
}
