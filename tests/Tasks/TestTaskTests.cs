using Build.State;
using Build.Tasks;
using Build.Tests.Support;
using Cake.Core;

namespace Build.Tests.Tasks;

/// <summary>
/// Test on an in-memory context: the real Cake dotnet aliases and process runner start a stand-in `dotnet` (a
/// <see cref="FakeTool"/> that records its arguments), since a unit test cannot run the test suite inside itself.
/// </summary>
public sealed class TestTaskTests
{
    private TempDirectory _working = null!;
    private RecordingLog _log = null!;

    [SetUp]
    public void SetUp()
    {
        _working = new TempDirectory();
        _log = new RecordingLog();
    }

    [TearDown]
    public void TearDown() => _working.Dispose();

    private string Project => _working.Combine("tests", "Build.Tests.csproj");

    private string Calls => _working.Combine("dotnet-calls");

    /// <summary>A `dotnet` that records each command line and exits with <paramref name="buildExit"/> for build, <paramref name="testExit"/> for test.</summary>
    private FakeTool FakeDotnet(int buildExit = 0, int testExit = 0) =>
        new("dotnet", $"echo \"$@\" >> '{Calls}'\ncase \"$1\" in build) exit {buildExit};; test) exit {testExit};; esac\nexit 99\n");

    private void Test(FakeTool dotnet) => new TestTask().Run(InMemoryContexts.CreateWithPath(_working.Path, dotnet.Directory, _log, plan: typeof(TestTask)));

    [Test]
    public void Test_compiles_the_tests_project_then_runs_its_tests_without_compiling_again_Fake()
    {
        using var dotnet = FakeDotnet();

        Test(dotnet);

        Assert.That(File.ReadAllLines(Calls), Is.EqualTo(new[] { $"build {Project} --nologo", $"test {Project} --no-build --nologo" }));
        Assert.That(_log.Text, Does.Contain("Compiled build/ and tests/ with no warnings (warnings are errors)").And.Contain("Tests passed"));
    }

    [Test]
    public void A_compile_error_fails_Test_before_any_test_runs_Fake()
    {
        using var dotnet = FakeDotnet(buildExit: 1);

        Assert.That(() => Test(dotnet), Throws.TypeOf<CakeException>().With.Message.Contains("exit code 1"));
        Assert.That(File.ReadAllLines(Calls), Is.EqualTo(new[] { $"build {Project} --nologo" }));
        Assert.That(_log.Text, Does.Not.Contain("Compiled"));
    }

    [Test]
    public void A_failing_test_fails_the_Test_task_Fake()
    {
        using var dotnet = FakeDotnet(testExit: 1);

        Assert.That(() => Test(dotnet), Throws.TypeOf<CakeException>().With.Message.Contains("exit code 1"));
        Assert.That(_log.Text, Does.Not.Contain("Tests passed"));
    }

    [Test]
    public void Test_writes_no_release_state()
    {
        Assert.That(RunLock.IsNeededBy(["Test"]), Is.False, "Test runs while a release holds the working directory");
    }
}
