using Cake.Core;
using Cake.Core.IO;
using Cake.Core.Tooling;

namespace Build.Tools.Shellcheck;

/// <summary>Runs shellcheck over shell scripts.</summary>
public sealed class ShellcheckRunner(IFileSystem fileSystem, ICakeEnvironment environment, IProcessRunner processRunner, IToolLocator tools)
    : CapturingTool<ShellcheckSettings>(fileSystem, environment, processRunner, tools)
{
    public ToolResult Check(ShellcheckSettings settings) => Execute(settings, BuildArguments(settings), what: "shellcheck");

    public static ProcessArgumentBuilder BuildArguments(ShellcheckSettings settings)
    {
        // --external-sources follows `source` lines (paths relative to the working directory, the repository root).
        var args = new ProcessArgumentBuilder().Append("--format=gcc").Append("--external-sources");
        foreach (var script in settings.Scripts)
        {
            args.AppendQuoted(script.FullPath);
        }

        return args;
    }

    protected override string GetToolName() => "shellcheck";

    protected override IEnumerable<string> GetToolExecutableNames() => ["shellcheck"];
}
