using Cake.Core;

namespace Cake.Frosting;

/// <summary>What the host needs from a task, whichever base class it derives from.</summary>
public interface IFrostingTask
{
    /// <summary>Why the task was skipped; read after <see cref="ShouldRun"/> returned false.</summary>
    string SkippedMessage { get; }

    Task RunAsync(ICakeContext context);

    bool ShouldRun(ICakeContext context);

    void OnError(Exception exception, ICakeContext context);

    void Finally(ICakeContext context);
}
