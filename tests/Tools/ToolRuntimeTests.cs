using Build.Tests.Support;
using Build.Tools;
using Build.Tools.Git;
using Build.Tools.Skopeo;

namespace Build.Tests.Tools;

/// <summary>The tools' log and retries belong to one build context, not to the process: two contexts, two runtimes.</summary>
public sealed class ToolRuntimeTests
{
    [Test]
    public void A_tool_made_from_a_build_context_gets_that_context_s_runtime()
    {
        using var working = new TempDirectory();
        var first = InMemoryContexts.Create(working.Path);
        var second = InMemoryContexts.Create(working.Path);

        Assert.That(first.GitRunner().Runtime, Is.SameAs(first.Services.Tools));
        Assert.That(second.Skopeo().Runtime, Is.SameAs(second.Services.Tools));
        Assert.That(first.Services.Tools, Is.Not.SameAs(second.Services.Tools));
        Assert.That(first.Services.Tools.Log, Is.SameAs(first.Log));
        Assert.That(first.Services.Tools.Pipeline, Is.Not.Null);
    }

    [Test]
    public void A_tool_made_from_a_plain_Cake_context_neither_retries_nor_logs_diagnostics()
    {
        using var working = new TempDirectory();
        var runner = CakeContexts.Create(working.Path).GitRunner();

        Assert.That(runner.Runtime, Is.SameAs(ToolRuntime.None));
        Assert.That(runner.Runtime.Pipeline, Is.Null);
        Assert.That(runner.Runtime.Log, Is.Null);
    }
}
