using Build.Configuration;
using Cake.Core.IO;

namespace Build.State;

/// <summary>
/// artifacts/release-state.json: <see cref="Recorded"/> is what an earlier run left (read once, for resuming and for
/// --exclusive); <see cref="Current"/> is this run's state, begun by the Version task and saved after each task.
/// </summary>
public sealed class ReleaseStateStore(FilePath file)
{
    private readonly Lazy<ReleaseState?> _recorded = new(() => ReleaseState.Load(file.FullPath));

    public FilePath File { get; } = file;

    /// <summary>The state as an earlier run left it on disk (null when there is none).</summary>
    public ReleaseState? Recorded => _recorded.Value;

    /// <summary>This run's state of the version being released (null before the Version task or a task's first save).</summary>
    public ReleaseState? Current { get; private set; }

    /// <summary>This run's state if it has one, else the earlier run's.</summary>
    public ReleaseState? Latest => Current ?? Recorded;

    /// <summary>Starts (or continues) the state of <paramref name="state"/>'s version and writes it.</summary>
    public void Begin(ReleaseState state)
    {
        Current = state;
        state.Save(File.FullPath);
    }

    /// <summary>Records what a task produced, atomically.</summary>
    public void Save(Func<ReleaseState, ReleaseState> change)
    {
        var current = Latest ?? throw new BuildConfigurationException("There is no release state to add to: the Version task records it first.");
        Current = change(current);
        Current.Save(File.FullPath);
    }
}
