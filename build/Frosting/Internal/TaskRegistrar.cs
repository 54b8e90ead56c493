using System.Reflection;
using Cake.Core;
using Cake.Core.Diagnostics;

namespace Cake.Frosting.Internal;

/// <summary>Turns the discovered task classes and lifetimes into tasks of the Cake engine.</summary>
internal sealed class TaskRegistrar(
    ICakeEngine engine,
    ICakeLog log,
    IEnumerable<IFrostingTask> tasks,
    IFrostingSetup? setup = null,
    IFrostingTeardown? teardown = null,
    IFrostingTaskSetup? taskSetup = null,
    IFrostingTaskTeardown? taskTeardown = null)
{
    public IReadOnlyList<string> TaskNames => engine.Tasks.Select(task => task.Name).ToList();

    /// <summary>
    /// Registers every task, and the lifetimes unless <paramref name="withLifetimes"/> is false (a dry run runs no code of the
    /// build); <paramref name="context"/> is only resolved when a body or lifetime runs.
    /// </summary>
    public void Register(Func<ICakeContext> context, bool withLifetimes = true)
    {
        var known = tasks.ToDictionary(task => task.GetType());
        foreach (var task in tasks)
        {
            RegisterTask(task, known, context);
        }

        if (!withLifetimes)
        {
            return;
        }

        if (setup is not null)
        {
            engine.RegisterSetupAction(info => setup.Setup(context(), info));
        }

        if (teardown is not null)
        {
            engine.RegisterTeardownAction(info => teardown.Teardown(context(), info));
        }

        if (taskSetup is not null)
        {
            engine.RegisterTaskSetupAction(info => taskSetup.Setup(context(), info));
        }

        if (taskTeardown is not null)
        {
            engine.RegisterTaskTeardownAction(info => taskTeardown.Teardown(context(), info));
        }
    }

    public static string NameOf(Type type) => type.GetCustomAttribute<TaskNameAttribute>()?.Name ?? type.Name;

    private void RegisterTask(IFrostingTask task, Dictionary<Type, IFrostingTask> known, Func<ICakeContext> context)
    {
        var type = task.GetType();
        var name = NameOf(type);
        var builder = engine.RegisterTask(name);

        if (type.GetCustomAttribute<TaskDescriptionAttribute>() is { } description)
        {
            builder.Description(description.Description);
        }

        if (Overrides(type, "Run", "RunAsync"))
        {
            builder.Does(() => task.RunAsync(context()));
        }

        if (Overrides(type, "ShouldRun"))
        {
            builder.WithCriteria(() =>
            {
                var run = task.ShouldRun(context());
                if (!run)
                {
                    log.Information("Skipped {0} because {1}", name, string.IsNullOrWhiteSpace(task.SkippedMessage) ? "its ShouldRun returned false" : task.SkippedMessage);
                }

                return run;
            });
        }

        if (type.GetCustomAttribute<ContinueOnErrorAttribute>() is not null)
        {
            builder.ContinueOnError();
        }

        if (Overrides(type, "OnError"))
        {
            builder.OnError(exception => task.OnError(exception, context()));
        }

        if (Overrides(type, "Finally"))
        {
            builder.Finally(() => task.Finally(context()));
        }

        foreach (var dependency in type.GetCustomAttributes<IsDependentOnAttribute>())
        {
            builder.IsDependentOn(NameOfTask(dependency.Task, name, known));
        }

        foreach (var dependee in type.GetCustomAttributes<IsDependeeOfAttribute>())
        {
            builder.IsDependeeOf(NameOfTask(dependee.Task, name, known));
        }
    }

    private static string NameOfTask(Type dependency, string owner, Dictionary<Type, IFrostingTask> known)
    {
        if (!typeof(IFrostingTask).IsAssignableFrom(dependency))
        {
            throw new FrostingException($"Task '{owner}' names '{dependency.Name}' in its dependencies, which is not a task.");
        }

        if (!known.ContainsKey(dependency))
        {
            throw new FrostingException($"Task '{owner}' depends on '{NameOf(dependency)}', which is not registered (is it public and in a registered assembly?).");
        }

        return NameOf(dependency);
    }

    /// <summary>True when the task overrides one of the named virtual methods of its Frosting base class.</summary>
    private static bool Overrides(Type type, params string[] names) =>
        type.GetMethods(BindingFlags.Instance | BindingFlags.Public)
            .Any(method => names.Contains(method.Name) && method.DeclaringType != method.GetBaseDefinition().DeclaringType);
}
