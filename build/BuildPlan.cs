using System.Reflection;

namespace Build;

/// <summary>
/// The tasks a run executes, in order, known by type: code asks <c>Plan.Has&lt;PushTask&gt;()</c>, never by a name string.
/// </summary>
public sealed class BuildPlan
{
    public static readonly BuildPlan Empty = new([]);

    public BuildPlan(IEnumerable<Type> tasks) => Tasks = tasks.ToList();

    /// <summary>The task types, in the order they run.</summary>
    public IReadOnlyList<Type> Tasks { get; }

    /// <summary>The planned tasks' names, in order (for messages and the state file).</summary>
    public IReadOnlyList<string> Names => Tasks.Select(NameOf).ToList();

    /// <summary>The plan of the engine's tasks, given by name: every name is a task class of this program.</summary>
    public static BuildPlan Of(IEnumerable<string> names)
    {
        var types = TaskTypes();
        return new BuildPlan(names.Select(name => types.TryGetValue(name, out var type)
            ? type
            : throw new InvalidOperationException($"The engine planned '{name}', which is no task of this program.")));
    }

    /// <summary>A plan of the given task types, in that order (tests, and a plan known without the engine).</summary>
    public static BuildPlan Of(params Type[] tasks) => new(tasks);

    public bool Has<TTask>() => Has(typeof(TTask));

    public bool Has(Type task) => Tasks.Contains(task);

    /// <summary>The task's name as the command line and the report know it (its <see cref="TaskNameAttribute"/>).</summary>
    public static string NameOf(Type task) => task.GetCustomAttribute<TaskNameAttribute>()?.Name ?? task.Name;

    public static string NameOf<TTask>() => NameOf(typeof(TTask));

    private static Dictionary<string, Type> TaskTypes() => typeof(BuildPlan).Assembly.GetTypes()
        .Where(type => type.GetCustomAttribute<TaskNameAttribute>() is not null)
        .ToDictionary(NameOf, type => type, StringComparer.OrdinalIgnoreCase);
}
