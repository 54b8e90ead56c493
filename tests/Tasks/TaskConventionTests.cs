using System.Reflection;
using Build.Tasks;
using Build.Tests.Support;

namespace Build.Tests.Tasks;

/// <summary>
/// The shape every task keeps (CONTRIBUTING, "How to add a task"): one sealed class per file in build/Tasks, named
/// after its [TaskName], and unit tests in tests/Tasks that run it on an in-memory context.
/// </summary>
public sealed class TaskConventionTests
{
    private static readonly string TasksFolder = Path.Combine(BuildProgram.RepositoryRoot, "build", "Tasks");

    public static IEnumerable<Type> Tasks() =>
        typeof(VersionTask).Assembly.GetTypes().Where(type => type.Namespace == "Build.Tasks" && type.GetCustomAttribute<TaskNameAttribute>() is not null).OrderBy(type => type.Name);

    [Test]
    public void Build_has_every_task_of_the_release_graph()
    {
        Assert.That(
            Tasks().Select(type => type.GetCustomAttribute<TaskNameAttribute>()!.Name),
            Is.SupersetOf(new[] { "Version", "Build", "Push", "Sign", "Sbom", "Scan", "HelmPackage", "Release", "Verify" }));
    }

    [Test]
    public void A_task_is_one_sealed_class_in_a_file_named_after_it([ValueSource(nameof(Tasks))] Type task)
    {
        var name = task.GetCustomAttribute<TaskNameAttribute>()!.Name;

        Assert.That(task.IsSealed, Is.True, $"{task.Name} is sealed");
        Assert.That(task.Name, Is.EqualTo(name + "Task"), "the class is the task's name + Task");
        Assert.That(File.Exists(Path.Combine(TasksFolder, task.Name + ".cs")), Is.True, $"build/Tasks/{task.Name}.cs");
    }

    [Test]
    public void Every_task_is_run_by_a_unit_test_in_tests_Tasks([ValueSource(nameof(Tasks))] Type task)
    {
        var testsFolder = Path.Combine(BuildProgram.RepositoryRoot, "tests", "Tasks");
        var constructing = Directory.GetFiles(testsFolder, "*.cs")
            .Where(file => File.ReadAllText(file).Contains($"new {task.Name}()", StringComparison.Ordinal))
            .Select(Path.GetFileName)
            .ToList();

        Assert.That(constructing, Is.Not.Empty, $"no test in tests/Tasks makes a {task.Name}: add tests/Tasks/{task.Name}Tests.cs on InMemoryContexts");
    }
}
