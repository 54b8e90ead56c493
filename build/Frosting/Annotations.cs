namespace Cake.Frosting;

/// <summary>Names a task; without it the class name minus a trailing "Task" is used (as Cake.Frosting does).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class TaskNameAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class TaskDescriptionAttribute(string description) : Attribute
{
    public string Description { get; } = description;
}

/// <summary>The annotated task runs after <see cref="Task"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class IsDependentOnAttribute(Type task) : Attribute
{
    public Type Task { get; } = task;
}

/// <summary>The annotated task runs before <see cref="Task"/> (a reverse dependency).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class IsDependeeOfAttribute(Type task) : Attribute
{
    public Type Task { get; } = task;
}

/// <summary>A failure of the annotated task is logged and the run goes on.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class ContinueOnErrorAttribute : Attribute;
