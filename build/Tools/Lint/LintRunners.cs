using Cake.Core;
using Cake.Core.IO;
using Cake.Core.Tooling;

namespace Build.Tools.Lint;

public sealed class ShellcheckSettings : ToolSettings
{
    public IList<FilePath> Scripts { get; } = [];
}

public sealed class YamllintSettings : ToolSettings
{
    public FilePath? Config { get; set; }

    /// <summary>Files or folders (yamllint walks folders for *.yaml/*.yml).</summary>
    public IList<string> Paths { get; } = [];

    /// <summary>Warnings (e.g. long lines) are reported but fail only with --strict.</summary>
    public bool Strict { get; set; }
}

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

public static class LintAliases
{
    public static ToolResult Shellcheck(this ICakeContext context, ShellcheckSettings settings) =>
        new ShellcheckRunner(context.FileSystem, context.Environment, context.ProcessRunner, context.Tools) { Runtime = ToolRuntime.Of(context) }.Check(settings);

    public static ToolResult Yamllint(this ICakeContext context, YamllintSettings settings) =>
        new YamllintRunner(context.FileSystem, context.Environment, context.ProcessRunner, context.Tools) { Runtime = ToolRuntime.Of(context) }.Check(settings);
}
