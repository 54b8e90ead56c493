using Build.State;
using Cake.Common.Diagnostics;
using Cake.Common.Tools.DotNet;
using Cake.Common.Tools.DotNet.Build;
using Cake.Common.Tools.DotNet.Test;

namespace Build.Tasks;

[TaskName("Test")]
[WritesNoReleaseState]
[TaskDescription("Compiles the build program and its tests, then runs the tests (the README's test command)")]
public sealed class TestTask : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var project = context.Options.RepositoryRoot.CombineWithFilePath("tests/Build.Tests.csproj");
        context.DotNetBuild(project.FullPath, new DotNetBuildSettings { NoLogo = true });
        context.Information("Compiled build/ and tests/ with no warnings (warnings are errors)");
        context.DotNetTest(project.FullPath, new DotNetTestSettings { NoBuild = true, NoLogo = true });
        context.Information("Tests passed (results: artifacts/test-results/results.trx)");
    }
}
