using Build.Preflight;
using Cake.Core;

namespace Build;

/// <summary>Around the whole run: the preflight before the first task; afterwards, stop what the run started.</summary>
public sealed class BuildLifetime : FrostingLifetime<BuildContext>
{
    public override void Setup(BuildContext context, ISetupContext info)
    {
        context.PlannedTasks = info.TasksToExecute.Select(task => task.Name).ToList();
        ReleasePreflight.Run(context, context.PlannedTasks);
    }

    public override void Teardown(BuildContext context, ITeardownContext info)
    {
        context.StartedRegistry?.Stop();
        context.CloseClients();
    }
}
