using Build.State;
using Build.Tasks;
using Build.Tests.Support;
using Cake.Core;
using Cake.Core.Graph;
using Cake.Frosting;
using Cake.Frosting.Internal;

namespace Build.Tests.Tasks;

/// <summary>
/// The aggregates Verify and Default: their dependencies, resolved by the real Cake engine from the task attributes
/// (as the host registers them), and that they do nothing themselves.
/// </summary>
public sealed class VerifyTaskTests
{
    /// <summary>The tasks a run of <paramref name="target"/> runs, in order, as the engine resolves them.</summary>
    private static (IReadOnlyList<string> Plan, CakeTask Target) Resolve(string target)
    {
        var engine = new CakeEngine(new CakeDataService(), new RecordingLog());
        var tasks = typeof(BuildContext).Assembly.GetTypes()
            .Where(type => typeof(IFrostingTask).IsAssignableFrom(type) && type is { IsAbstract: false, IsInterface: false })
            .Select(type => (IFrostingTask)Activator.CreateInstance(type)!)
            .ToList();
        new TaskRegistrar(engine, new RecordingLog(), tasks).Register(() => throw new InvalidOperationException("no task body runs here"), withLifetimes: false);
        var plan = CakeGraphBuilder.Build(engine.Tasks).Traverse(target).ToList();
        return (plan, (CakeTask)engine.Tasks.Single(task => task.Name == target));
    }

    [Test]
    public void Verify_runs_Version_Lint_CheckDeploy_Build_and_Test_in_that_order()
    {
        var (plan, _) = Resolve("Verify");

        Assert.That(plan, Is.EqualTo(new[] { "Version", "Lint", "CheckDeploy", "Build", "Test", "Verify" }));
    }

    [Test]
    public void Verify_never_pushes_signs_or_publishes()
    {
        var (plan, _) = Resolve("Verify");

        Assert.That(plan, Has.None.AnyOf("Push", "Sign", "Sbom", "Scan", "HelmPackage", "Publish", "Announce"));
    }

    [Test]
    public void Verify_does_nothing_itself_and_always_runs()
    {
        var (_, verify) = Resolve("Verify");

        Assert.That(verify.Actions, Is.Empty, "an aggregate's attributes are the graph; it has no body");
        Assert.That(verify.Criterias, Is.Empty);
    }

    [Test]
    public void Default_runs_what_Verify_runs_and_nothing_else()
    {
        var (plan, defaultTask) = Resolve("Default");

        Assert.That(plan, Is.EqualTo(new[] { "Version", "Lint", "CheckDeploy", "Build", "Test", "Verify", "Default" }));
        Assert.That(defaultTask.Actions, Is.Empty);
        Assert.That(defaultTask.Criterias, Is.Empty);
    }

    [Test]
    public void Verify_and_Default_write_no_release_state_of_their_own()
    {
        Assert.That(RunLock.IsNeededBy(["Verify", "Default"]), Is.False);
    }

    [Test]
    public void Running_Verify_or_Default_on_an_empty_folder_writes_and_says_nothing()
    {
        using var working = new TempDirectory();
        var log = new RecordingLog();
        var context = InMemoryContexts.CreateLogged(working.Path, log, null, typeof(VerifyTask), typeof(DefaultTask));

        new VerifyTask().Run(context);
        new DefaultTask().Run(context);

        Assert.That(Directory.EnumerateFileSystemEntries(working.Path), Is.Empty);
        Assert.That(log.Lines, Is.Empty);
    }
}
