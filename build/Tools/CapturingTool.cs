using Cake.Core;
using Cake.Core.IO;
using Cake.Core.Tooling;

namespace Build.Tools;

/// <summary>The retry policy tool runs that fail transiently go through (set once per run by the build context).</summary>
public static class ToolRetries
{
    public static Polly.ResiliencePipeline? Pipeline { get; set; }
}

/// <summary>
/// Cake's <see cref="Tool{TSettings}"/> with captured output: every runner under build/Tools derives from it, so each
/// command line is built in one place and a failure reports the tool's own error text.
/// </summary>
public abstract class CapturingTool<TSettings>(IFileSystem fileSystem, ICakeEnvironment environment, IProcessRunner processRunner, IToolLocator tools)
    : Tool<TSettings>(fileSystem, environment, processRunner, tools)
    where TSettings : ToolSettings
{
    /// <summary>Runs the tool and returns what it printed; a non-zero exit code throws unless <paramref name="allowFailure"/>.</summary>
    protected ToolResult Execute(TSettings settings, ProcessArgumentBuilder arguments, bool allowFailure = false, string? what = null) =>
        allowFailure || ToolRetries.Pipeline is not { } pipeline
            ? ExecuteOnce(settings, arguments, allowFailure, what)
            : pipeline.Execute(() => ExecuteOnce(settings, arguments, allowFailure, what));

    private ToolResult ExecuteOnce(TSettings settings, ProcessArgumentBuilder arguments, bool allowFailure, string? what)
    {
        ToolResult? result = null;
        var processSettings = new ProcessSettings { RedirectStandardOutput = true, RedirectStandardError = true };
        settings.HandleExitCode = _ => true;
        Run(settings, arguments, processSettings, process =>
        {
            result = new ToolResult(
                GetToolName(),
                process.GetExitCode(),
                process.GetStandardOutput()?.ToList() ?? [],
                process.GetStandardError()?.ToList() ?? []);
        });

        if (result is null)
        {
            throw new InvalidOperationException($"{GetToolName()} did not report a result.");
        }

        if (!allowFailure && !result.Succeeded)
        {
            throw new ToolFailedException(result, what);
        }

        return result;
    }

    /// <summary>The resolved executable, or null when the tool is not installed (nothing is run).</summary>
    public FilePath? Locate(TSettings settings) => GetToolPath(settings);
}
