using Cake.Core;
using Cake.Core.IO;
using Cake.Core.Tooling;

namespace Build.Tools.Yamllint;

/// <summary>Runs yamllint.</summary>
public sealed class YamllintRunner(IFileSystem fileSystem, ICakeEnvironment environment, IProcessRunner processRunner, IToolLocator tools)
    : CapturingTool<YamllintSettings>(fileSystem, environment, processRunner, tools)
{
    public ToolResult Check(YamllintSettings settings) => Execute(settings, BuildArguments(settings), what: "yamllint");

    public static ProcessArgumentBuilder BuildArguments(YamllintSettings settings)
    {
        var args = new ProcessArgumentBuilder().Append("--format").Append("parsable");
        if (settings.Config is not null)
        {
            args.Append("-c").AppendQuoted(settings.Config.FullPath);
        }

        if (settings.Strict)
        {
            args.Append("--strict");
        }

        foreach (var path in settings.Paths)
        {
            args.AppendQuoted(path);
        }

        return args;
    }

    protected override string GetToolName() => "yamllint";

    protected override IEnumerable<string> GetToolExecutableNames() => ["yamllint"];
}
