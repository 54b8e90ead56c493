using Build.Tests.Support;

namespace Build.Tests.EndToEnd;

/// <summary>The steps of Verify, run by the real program on this repository and on broken copies of it.</summary>
public sealed class VerifyStepsTests
{
    [Test]
    public void Lint_passes_on_this_repository_and_names_what_it_checked()
    {
        var result = BuildProgram.Run(BuildProgram.RepositoryRoot, ["--target=Lint"]);

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.Output, Does.Contain("shellcheck: build.sh, .ci/run").And.Contain("bench/mutation.sh").And.Contain("yamllint: deploy, .github clean"));
    }

    [Test]
    public void CheckDeploy_passes_on_this_repository_and_says_rendering_was_checked_natively()
    {
        // No helm on this PATH, whatever the machine has installed: the native check is what runs.
        using var path = ToolPath.With("yamllint", "shellcheck");
        var result = BuildProgram.Run(BuildProgram.RepositoryRoot, ["--target=CheckDeploy"], new Dictionary<string, string?> { ["PATH"] = path.Value });

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.Output, Does.Contain("helm lint not run (helm not installed); checked natively"));
        Assert.That(result.Output, Does.Contain("not pinned").And.Contain("https://spdx.dev/Document required"));
    }

    [Test]
    public void Lint_and_CheckDeploy_run_while_a_Verify_holds_the_run_lock_and_a_Version_run_still_waits_for_it()
    {
        // What ./build.sh --target=Verify does: its Version task holds artifacts/.lock while its Test task runs the tests
        // above, which run Lint and CheckDeploy on the same working directory.
        using var repo = ReleaseRepository.Create(".github", "cake.config", ".yamllint", "build.sh", ".ci");
        using var verify = Build.State.RunLock.Acquire(Path.Combine(repo.Path, "artifacts", ".lock"));

        var lint = BuildProgram.Run(repo.Path, ["--target=Lint"]);
        var checkDeploy = BuildProgram.Run(repo.Path, ["--target=CheckDeploy"]);
        var version = BuildProgram.Run(repo.Path, ["--target=Version"]);

        Assert.That(lint.ExitCode, Is.EqualTo(0), lint.ToString());
        Assert.That(checkDeploy.ExitCode, Is.EqualTo(0), checkDeploy.ToString());
        Assert.That(version.ExitCode, Is.Not.EqualTo(0), version.ToString());
        Assert.That(version.All, Does.Contain("Another build is running in this working directory"));
        Assert.That(version.All, Does.Contain($"; process and start: {Environment.ProcessId} "), "the refusal names the process holding the lock");
    }

    [Test]
    public void CheckDeploy_fails_on_a_workflow_action_pinned_to_a_tag_naming_file_and_line()
    {
        using var repo = ReleaseRepository.Create(".github", "cake.config");
        var workflow = Path.Combine(repo.Path, ".github/workflows/ci.yml");
        var text = File.ReadAllText(workflow);
        File.WriteAllText(workflow, System.Text.RegularExpressions.Regex.Replace(text, @"actions/checkout@[0-9a-f]{40}", "actions/checkout@v4"));

        var result = BuildProgram.Run(repo.Path, ["--target=CheckDeploy"]);

        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.All, Does.Contain(".github/workflows/ci.yml:").And.Contain("actions/checkout@v4"));
    }

    [Test]
    public void Lint_fails_on_a_shell_script_with_a_bug()
    {
        using var repo = ReleaseRepository.Create(".github", "cake.config", ".yamllint");
        repo.Write("build.sh", "#!/usr/bin/env bash\nrm -rf $1/\n");

        var result = BuildProgram.Run(repo.Path, ["--target=Lint"]);

        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.All, Does.Contain("shellcheck failed").And.Contain("SC2086"));
    }
}
