using Cake.Core;
using Cake.Core.IO;
using Cake.Core.Tooling;

namespace Build.Tools;

/// <summary>
/// Cake's <see cref="Tool{TSettings}"/> with captured output: every runner under build/Tools derives from it, so each
/// command line is built in one place and a failure reports the tool's own error text.
/// </summary>
public abstract class CapturingTool<TSettings>(IFileSystem fileSystem, ICakeEnvironment environment, IProcessRunner processRunner, IToolLocator tools)
    : Tool<TSettings>(fileSystem, environment, processRunner, tools)
    where TSettings : ToolSettings
{
    /// <summary>The run's tool log and retry policy; the aliases pass the build context's (<see cref="ToolRuntime.Of"/>).</summary>
    public ToolRuntime Runtime { get; init; } = ToolRuntime.None;

    /// <summary>Runs the tool and returns what it printed; a non-zero exit code throws unless <paramref name="allowFailure"/>.</summary>
    protected ToolResult Execute(TSettings settings, ProcessArgumentBuilder arguments, bool allowFailure = false, string? what = null) =>
        allowFailure || !RetriesTransientFailures || Runtime.Pipeline is not { } pipeline
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

        if (Runtime.Log is { Verbosity: Cake.Core.Diagnostics.Verbosity.Diagnostic } log)
        {
            // Cake's process runner logs the captured standard output at diagnostic already; standard error is added here.
            foreach (var line in result.Error)
            {
                log.Write(Cake.Core.Diagnostics.Verbosity.Diagnostic, Cake.Core.Diagnostics.LogLevel.Debug, "  {0}| {1}", GetToolName(), line);
            }

            log.Write(Cake.Core.Diagnostics.Verbosity.Diagnostic, Cake.Core.Diagnostics.LogLevel.Debug, "  {0} exited with {1}", GetToolName(), result.ExitCode);
        }

        if (!allowFailure && !result.Succeeded)
        {
            throw new ToolFailedException(result, what);
        }

        return result;
    }

    /// <summary>Whether a failure that reads as transient (a registry's 429/5xx, a broken connection) is retried.</summary>
    protected virtual bool RetriesTransientFailures => true;

    /// <summary>The resolved executable, or null when the tool is not installed (nothing is run).</summary>
    public FilePath? Locate(TSettings settings) => GetToolPath(settings);
}
