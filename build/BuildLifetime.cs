using Build.Diagnostics;
using Build.Preflight;
using Build.State;
using Cake.Core;

namespace Build;

/// <summary>Around the whole run: the plan, the preflight and the resume step before the first task; afterwards, stop what the run started (on SIGINT/SIGTERM too, see <see cref="RunInterruption"/>).</summary>
public sealed class BuildLifetime(RunInterruption interruption) : FrostingLifetime<BuildContext>
{
    public override void Setup(BuildContext context, ISetupContext info)
    {
        interruption.Watch(context);
        if (context.Options.GitHubActions.IsRunning)
        {
            // Actions then masks these values in everything the job prints, including the tools' own output.
            foreach (var secret in SecretMasker.FromEnvironment(context.Environment.GetEnvironmentVariable, context.Arguments.GetArguments(SecretMasker.SecretEnvArgument)).Values)
            {
                Console.Out.WriteLine(Reporting.WorkflowCommands.AddMask(secret));
            }
        }

        context.UsePlan(BuildPlan.Of(info.TasksToExecute.Select(task => task.Name)));
        if (RunLock.IsNeededBy(context.Options.Plan.Names))
        {
            context.Services.Hold(RunLock.Acquire(context.Options.Layout.LockFile.FullPath));
        }

        ReleasePreflight.Run(context);
        context.UseResumed(Resume.Load(context));
    }

    public override void Teardown(BuildContext context, ITeardownContext info)
    {
        interruption.HoldIfInterrupted();
        var services = context.Services;
        services.WaitForSigningKeys();
        if (services.StartedRegistry is { } registry)
        {
            registry.Stop();
            Registry.RehearsalRegistry.Forget(context.Options.Layout.Root.FullPath);
        }

        services.Lock?.Dispose();
        services.CloseClients();
        interruption.Dispose();
    }
}
