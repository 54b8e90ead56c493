using System.Reflection;
using Build.Tasks;
using Build.Tests.Support;

namespace Build.Tests.Tasks;

/// <summary>Release is an aggregate: its attributes are the graph (Announce, after Publish and HelmIndex), and it does no work of its own.</summary>
public sealed class ReleaseTaskTests
{
    /// <summary>The order the engine runs a target's dependencies in: each dependency's own first, in attribute order.</summary>
    private static List<string> RunOrder(Type task, List<string>? order = null)
    {
        order ??= [];
        foreach (var dependency in task.GetCustomAttributes<IsDependentOnAttribute>())
        {
            RunOrder(dependency.Task, order);
        }

        if (!order.Contains(BuildPlan.NameOf(task)))
        {
            order.Add(BuildPlan.NameOf(task));
        }

        return order;
    }

    [Test]
    public void Release_is_an_empty_aggregate_over_Announce_which_runs_after_Publish_and_HelmIndex()
    {
        Assert.That(typeof(ReleaseTask).GetCustomAttributes<IsDependentOnAttribute>().Select(attribute => attribute.Task), Is.EqualTo(new[] { typeof(AnnounceTask) }));
        Assert.That(typeof(AnnounceTask).GetCustomAttributes<IsDependentOnAttribute>().Select(attribute => attribute.Task), Is.EqualTo(new[] { typeof(HelmIndexTask) }));
        Assert.That(typeof(HelmIndexTask).GetCustomAttributes<IsDependentOnAttribute>().Select(attribute => attribute.Task), Is.EqualTo(new[] { typeof(PublishTask) }));
        Assert.That(typeof(ReleaseTask).BaseType, Is.EqualTo(typeof(FrostingTask<BuildContext>)));
        Assert.That(typeof(ReleaseTask).GetMembers(BindingFlags.DeclaredOnly | BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic).Where(member => member is not ConstructorInfo), Is.Empty);
    }

    [Test]
    public void Release_runs_Version_Build_Push_Sign_Sbom_Scan_HelmPackage_Binaries_Publish_HelmIndex_Announce_in_that_order()
    {
        Assert.That(RunOrder(typeof(ReleaseTask)), Is.EqualTo(new[] { "Version", "Build", "Push", "Sign", "Sbom", "Scan", "HelmPackage", "Binaries", "Publish", "HelmIndex", "Announce", "Release" }));
    }

    [Test]
    public void Running_Release_alone_writes_no_result_and_no_file()
    {
        using var working = new TempDirectory();
        var context = InMemoryContexts.Create(working.Path, null, typeof(ReleaseTask));

        ((IFrostingTask)new ReleaseTask()).RunAsync(context).GetAwaiter().GetResult();

        Assert.That(context.Results.ReleaseDirectory.HasValue || context.Results.ReleaseUrl.HasValue || context.Results.Artifacts.Any(), Is.False);
        Assert.That(Directory.EnumerateFileSystemEntries(working.Path), Is.Empty);
    }
}
