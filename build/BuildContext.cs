using Build.Images;
using Build.State;
using Build.Tools;
using Build.Versioning;
using Cake.Core;

namespace Build;

/// <summary>
/// The context every task gets: what the run was asked (<see cref="Options"/>, read once, never changed), what its tasks
/// produced (<see cref="Results"/>, one writer per slot), the services they share (<see cref="Services"/>, made in one
/// composition root), and what an earlier run left that still holds (<see cref="Resumed"/>, worked out once before the
/// first task). It holds them and reads across them; it decides nothing.
/// </summary>
public sealed class BuildContext : FrostingContext, IToolRuntimeSource
{
    /// <summary>The engine's context: the options read from arguments, environment and cake.config; git read in the background.</summary>
    public BuildContext(ICakeContext context)
        : this(context, BuildOptions.Read(context), readVersionNow: true)
    {
    }

    /// <summary>A context of given options, for tests: nothing runs until asked (no git read, no registry).</summary>
    public BuildContext(ICakeContext context, BuildOptions options)
        : this(context, options, readVersionNow: false)
    {
    }

    private BuildContext(ICakeContext context, BuildOptions options, bool readVersionNow)
        : base(context)
    {
        Options = options;
        Services = new BuildServices(this, readVersionNow);
    }

    public BuildOptions Options { get; private set; }

    public BuildResults Results { get; } = new();

    public BuildServices Services { get; }

    /// <summary>What an earlier run of this version and commit produced that still holds; set once, by the lifetime's setup (<see cref="Resume.Load"/>).</summary>
    public ResumedRun Resumed { get; private set; } = ResumedRun.Nothing;

    ToolRuntime IToolRuntimeSource.ToolRuntime => Services.Tools;

    /// <summary>Fixes the plan once the engine has ordered the tasks (before the first runs).</summary>
    public void UsePlan(BuildPlan plan) =>
        Options = Options.Plan.Tasks.Count == 0 ? Options with { Plan = plan } : throw new InvalidOperationException("The plan of this run is fixed already.");

    /// <summary>Records what the resume step found (once, before the first task).</summary>
    public void UseResumed(ResumedRun resumed)
    {
        if (_resumed)
        {
            throw new InvalidOperationException("The resume step ran already.");
        }

        Resumed = resumed;
        _resumed = true;
    }

    private bool _resumed;

    /// <summary>The version: the Version task's, or git's when it did not run (--exclusive); a clear error outside a git repository.</summary>
    public ReleaseVersion RequireVersion() => Results.Version.ValueOrDefault ?? Services.VersionFromGit();

    /// <summary>
    /// The version if this run knows it (for reports): the Version task's; without that task in the plan (--exclusive),
    /// git's once a task read it.
    /// </summary>
    public ReleaseVersion? VersionOrNull =>
        Results.Version.ValueOrDefault ?? (Options.Plan.Has<Tasks.VersionTask>() ? null : Services.VersionIfRead);

    /// <summary>The image tags of <see cref="RequireVersion"/>.</summary>
    public IReadOnlyList<string> Tags => Options.TagsOf(RequireVersion());

    /// <summary>The pushed image: this run's, or (with --exclusive or on a re-run) an earlier run's of this version and commit that still holds.</summary>
    public PushedImage RequirePushed() =>
        Results.Pushed.ValueOrDefault ?? Resumed.Pushed
        ?? throw new Configuration.BuildConfigurationException($"No image was pushed for this version: {Resumed.PushedReason}. Run the Push task first (drop --exclusive).");

    /// <summary>The pushed image if there is one (for reports).</summary>
    public PushedImage? PushedOrNull => Results.Pushed.ValueOrDefault ?? Resumed.Pushed;

    /// <summary>The packaged chart: this run's, or (with --exclusive or on a re-run) an earlier run's whose file is unchanged.</summary>
    public ChartArtifact RequireChart() =>
        Results.Chart.ValueOrDefault ?? Resumed.Chart
        ?? throw new Configuration.BuildConfigurationException("No chart was packaged for this version: run the HelmPackage task first (drop --exclusive).");

    /// <summary>The packaged chart if there is one (for reports).</summary>
    public ChartArtifact? ChartOrNull => Results.Chart.ValueOrDefault ?? Resumed.Chart;
}
