using Build.Diagnostics;
using Build.Preflight;
using Build.State;
using Cake.Core;

namespace Build;

/// <summary>Around the whole run: the preflight before the first task; afterwards, stop what the run started (on SIGINT/SIGTERM too, see <see cref="RunInterruption"/>).</summary>
public sealed class BuildLifetime(RunInterruption interruption) : FrostingLifetime<BuildContext>
{
    public override void Setup(BuildContext context, ISetupContext info)
    {
        interruption.Watch(context);
        if (context.GitHubActions.IsRunning)
        {
            // Actions then masks these values in everything the job prints, including the tools' own output.
            foreach (var secret in SecretMasker.FromEnvironment(context.Environment.GetEnvironmentVariable, context.Arguments.GetArguments(SecretMasker.SecretEnvArgument)).Values)
            {
                Console.Out.WriteLine(Reporting.WorkflowCommands.AddMask(secret));
            }
        }

        context.PlannedTasks = info.TasksToExecute.Select(task => task.Name).ToList();
        if (RunLock.IsNeededBy(context.PlannedTasks))
        {
            context.Lock = RunLock.Acquire(context.ArtifactsDirectory.CombineWithFilePath(".lock").FullPath);
        }
        ReleasePreflight.Run(context, context.PlannedTasks);
    }

    public override void Teardown(BuildContext context, ITeardownContext info)
    {
        interruption.HoldIfInterrupted();
        context.WaitForSigningKeys();
        if (context.StartedRegistry is { } registry)
        {
            registry.Stop();
            Registry.RehearsalRegistry.Forget(context.ArtifactsDirectory.FullPath);
        }

        context.Lock?.Dispose();
        context.CloseClients();
        interruption.Dispose();
    }
}
