using Cake.Core;
using Cake.Core.Diagnostics;

namespace Build.Tools;

/// <summary>
/// What every tool run of one build shares: the log its output goes to at --verbosity=diagnostic (masked like every
/// log line), and the retry policy transient failures go through. Made by the composition root (<see cref="BuildServices"/>);
/// a plain Cake context has none (no diagnostics, no retries).
/// </summary>
public sealed class ToolRuntime(ICakeLog? log, Func<Polly.ResiliencePipeline>? retries)
{
    public static readonly ToolRuntime None = new(null, null);

    private readonly Lazy<Polly.ResiliencePipeline>? _pipeline = retries is null ? null : new Lazy<Polly.ResiliencePipeline>(retries);

    public ICakeLog? Log { get; } = log;

    /// <summary>Made on first use: a run that starts no tool does not pay for building the policy.</summary>
    public Polly.ResiliencePipeline? Pipeline => _pipeline?.Value;

    /// <summary>The runtime of the build a context belongs to, or <see cref="None"/>.</summary>
    public static ToolRuntime Of(ICakeContext context) => context is IToolRuntimeSource source ? source.ToolRuntime : None;
}

/// <summary>A context that carries its build's <see cref="Tools.ToolRuntime"/> (the build context does).</summary>
public interface IToolRuntimeSource
{
    ToolRuntime ToolRuntime { get; }
}
