using Build.State;
using Build.Tasks;
using Build.Tools;
using Build.Tests.Support;
using Cake.Core.Diagnostics;

namespace Build.Tests.Tasks;

/// <summary>Lint on an in-memory context over a plain folder, with the real shellcheck and yamllint and the repository's .yamllint.</summary>
public sealed class LintTaskTests
{
    private const string CleanScript = "#!/usr/bin/env bash\nset -euo pipefail\necho \"$1\"\n";

    private TempDirectory _working = null!;
    private ToolPath _path = null!;
    private RecordingLog _log = null!;

    [SetUp]
    public void SetUp()
    {
        _working = new TempDirectory();
        _path = ToolPath.With("shellcheck", "yamllint");
        _log = new RecordingLog();
        File.Copy(Path.Combine(BuildProgram.RepositoryRoot, ".yamllint"), _working.Combine(".yamllint"));
        _working.Write("build.sh", CleanScript);
        _working.Write("deploy/kubernetes/namespace.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: rds-csi\n");
        _working.Write(".github/workflows/ci.yml", "name: ci\non:\n  push:\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./build.sh\n");
    }

    [TearDown]
    public void TearDown()
    {
        _path.Dispose();
        _working.Dispose();
    }

    private void Lint() => new LintTask().Run(InMemoryContexts.CreateWithPath(_working.Path, _path.Value, _log, plan: typeof(LintTask)));

    [Test]
    public void Lint_checks_the_known_scripts_that_exist_and_every_script_under_deploy_naming_them()
    {
        _working.Write(".ci/run", CleanScript);
        _working.Write("deploy/scripts/node-setup.sh", CleanScript);

        Lint();

        Assert.That(_log.Text, Does.Contain("shellcheck: build.sh, .ci/run, deploy/scripts/node-setup.sh clean"), "bench/ has no scripts here: they are left out, not failed");
        Assert.That(_log.Text, Does.Contain("yamllint: deploy, .github clean (0 warnings;"));
    }

    [Test]
    public void A_shell_script_bug_under_deploy_fails_Lint_naming_the_file_and_the_rule()
    {
        _working.Write("deploy/scripts/cleanup.sh", "#!/usr/bin/env bash\nrm -rf $1/\n");

        Assert.That(Lint, Throws.TypeOf<ToolFailedException>().With.Message.StartsWith("shellcheck failed").And.Message.Contains("deploy/scripts/cleanup.sh").And.Message.Contains("SC2086"));
    }

    [Test]
    public void A_bug_in_build_sh_fails_Lint()
    {
        _working.Write("build.sh", "#!/usr/bin/env bash\ncd $1\n");

        Assert.That(Lint, Throws.TypeOf<ToolFailedException>().With.Message.Contains("build.sh"));
    }

    [Test]
    public void A_YAML_error_under_github_fails_Lint_naming_the_file()
    {
        _working.Write(".github/workflows/ci.yml", "name: ci\nname: twice\n");

        Assert.That(Lint, Throws.TypeOf<ToolFailedException>().With.Message.StartsWith("yamllint failed").And.Message.Contains(".github/workflows/ci.yml").And.Message.Contains("duplication of key"));
    }

    [Test]
    public void A_long_line_is_a_warning_under_the_repository_s_yamllint_config_logged_and_counted_not_a_failure()
    {
        // yamllint's default config fails a line over 80 characters; the repository's .yamllint warns from 160.
        _working.Write("deploy/kubernetes/long.yaml", "description: " + new string('x', 150) + "\n");

        Lint();

        Assert.That(_log.Lines.Where(line => line.Level == LogLevel.Warning).Select(line => line.Message), Has.One.Contains("deploy/kubernetes/long.yaml:1:").And.Contains("[warning] line too long"));
        Assert.That(_log.Text, Does.Contain("yamllint: deploy, .github clean (1 warnings;"));
    }

    [Test]
    public void Without_a_github_folder_Lint_checks_deploy_only()
    {
        Directory.Delete(_working.Combine(".github"), recursive: true);

        Lint();

        Assert.That(_log.Text, Does.Contain("yamllint: deploy clean"));
    }

    [Test]
    public void Lint_needs_shellcheck_and_yamllint_from_Debian_and_writes_no_release_state()
    {
        var context = InMemoryContexts.CreateWithPath(_working.Path, _path.Value, _log, plan: typeof(LintTask));

        var tools = new LintTask().Needs(context).Tools;

        Assert.That(tools.Select(tool => (tool.Command, tool.NeededBy)), Is.EqualTo(new[] { ("shellcheck", "Lint"), ("yamllint", "Lint") }));
        Assert.That(RunLock.IsNeededBy(["Lint"]), Is.False, "Lint runs while a release holds the working directory");
    }
}
