using Build.Tests.Support;

namespace Build.Tests.EndToEnd;

/// <summary>.ci/run, CI's entry point, on a copy of this repository (the program already built, so nothing compiles).</summary>
[NonParallelizable]
public sealed class CiScriptTests
{
    [Test]
    public void A_Verify_that_fails_before_the_tests_counts_one_failure_and_exits_non_zero()
    {
        using var copy = RepositoryCopy.Create(withBuiltProgram: true);
        // yamllint rejects the duplicate key, so Verify stops at Lint, before its Test task writes any results.
        File.AppendAllText(copy.Combine(".github", "workflows", "ci.yml"), "\nname: CI again\n");

        var result = Run.Process("bash", [copy.Combine(".ci", "run")], copy.Path, new Dictionary<string, string?> { ["CI"] = "true" }, TimeSpan.FromMinutes(10));

        Assert.That(result.ExitCode, Is.Not.EqualTo(0), result.ToString());
        Assert.That(result.All, Does.Contain("yamllint"));
        Assert.That(result.Output.TrimEnd().Split('\n')[^1], Is.EqualTo("0 passed, 1 failed, 0 skipped"), result.ToString());
        Assert.That(File.Exists(copy.Combine("artifacts", "test-results", "results.trx")), Is.False);
    }

    [Test]
    public void CI_runs_the_READMEs_test_command_which_is_the_workflows_Verify()
    {
        var readme = File.ReadAllLines(Path.Combine(BuildProgram.RepositoryRoot, "README.md"));
        var fence = Array.IndexOf(readme, "```bash");
        var setup = readme.Skip(fence + 1).TakeWhile(line => line != "```").ToList();
        var ci = File.ReadAllText(Path.Combine(BuildProgram.RepositoryRoot, ".ci", "run"));
        var workflow = File.ReadAllText(Path.Combine(BuildProgram.RepositoryRoot, ".github", "workflows", "ci.yml"));

        Assert.That(setup, Is.EqualTo(new[] { "./build.sh --target=Release", "./build.sh --target=Verify" }));
        Assert.That(ci, Does.Contain("\n./build.sh --target=Verify"));
        Assert.That(workflow, Does.Contain("run: ./build.sh --target=Verify"));
    }
}
