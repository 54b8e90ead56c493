using Build.Configuration;
using Build.State;
using Build.Tasks;
using Build.Tests.Support;

namespace Build.Tests.Tasks;

/// <summary>
/// CheckDeploy on an in-memory context over a plain folder holding a copy of this repository's deploy/ and .github/
/// (no git repository): the native checks run for real; helm, not installed here, is a stand-in where a test needs it.
/// </summary>
public sealed class CheckDeployTaskTests : TempDirectoryTest
{
    private const string Chart = "deploy/helm/rds-csi-driver";

    private ToolPath _path = null!;

    [SetUp]
    public void SetUp()
    {
        _path = ToolPath.With();
        var tracked = Run.Git(BuildProgram.RepositoryRoot, "ls-files", "-z", "--", "deploy", ".github").Output.Split('\0', StringSplitOptions.RemoveEmptyEntries);
        foreach (var file in tracked.Where(file => File.Exists(Path.Combine(BuildProgram.RepositoryRoot, file))))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Working.Combine(file))!);
            File.Copy(Path.Combine(BuildProgram.RepositoryRoot, file), Working.Combine(file));
        }
    }

    [TearDown]
    public void TearDown() => _path.Dispose();

    private void CheckDeploy() => new CheckDeployTask().Run(InMemoryContexts.CreateWithPath(Working.Path, _path.Value, Log, plan: typeof(CheckDeployTask)));

    private void PinCheckoutToATag()
    {
        var workflow = Working.Combine(".github", "workflows", "ci.yml");
        File.WriteAllText(workflow, System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(workflow), "actions/checkout@[0-9a-f]{40}", "actions/checkout@v4"));
    }

    private string FakeHelm(string output, int exitCode)
    {
        var calls = Working.Combine("helm-calls");
        _path.AddScript("helm", $"echo \"$@\" >> '{calls}'\ncat <<'OUT'\n{output}\nOUT\nexit {exitCode}\n");
        return calls;
    }

    [Test]
    public void Without_helm_CheckDeploy_runs_every_native_check_and_says_the_chart_was_checked_natively()
    {
        CheckDeploy();

        Assert.That(Log.Text, Does.Contain("helm lint not run (helm not installed); checked natively"));
        Assert.That(Log.Text, Does.Not.Contain("helm lint --strict:"));
        Assert.That(Log.Text, Does.Contain("not pinned").And.Contain("https://spdx.dev/Document required"), "the workflow and policy checks ran");
    }

    [Test]
    public void A_workflow_action_pinned_to_a_tag_fails_CheckDeploy_naming_file_and_line()
    {
        PinCheckoutToATag();

        Assert.That(CheckDeploy, Throws.TypeOf<BuildConfigurationException>().With.Message.Contains(".github/workflows/ci.yml:").And.Message.Contains("actions/checkout@v4"));
    }

    [Test]
    public void A_link_in_the_manifests_that_leaves_the_repository_fails_CheckDeploy_naming_the_link()
    {
        File.CreateSymbolicLink(Working.Combine("deploy", "kubernetes", "environ"), "/proc/self/environ");

        Assert.That(CheckDeploy, Throws.TypeOf<BuildConfigurationException>().With.Message.Contains("deploy/kubernetes:").And.Message.Contains("environ"));
    }

    [Test]
    public void CheckDeploy_reports_every_finding_at_once_not_only_the_first()
    {
        PinCheckoutToATag();
        File.CreateSymbolicLink(Working.Combine("deploy", "kubernetes", "environ"), "/proc/self/environ");

        var failure = Assert.Throws<BuildConfigurationException>(CheckDeploy)!;

        Assert.That(failure.Problems, Has.Some.Contains("actions/checkout@v4").And.Some.Contains("environ"));
    }

    [Test]
    public void With_helm_installed_CheckDeploy_runs_helm_lint_strict_on_the_chart_Fake()
    {
        var calls = FakeHelm("==> Linting " + Chart + "\n\n1 chart(s) linted, 0 chart(s) failed", 0);

        CheckDeploy();

        Assert.That(File.ReadAllLines(calls), Is.EqualTo(new[] { $"lint {Working.Combine(Chart)} --strict" }));
        Assert.That(Log.Text, Does.Contain($"helm lint --strict: {Working.Combine(Chart)} clean"));
        Assert.That(Log.Text, Does.Contain("helm lint runs as well; checked natively"));
    }

    [Test]
    public void A_chart_helm_lint_fails_fails_CheckDeploy_with_helm_s_message_Fake()
    {
        FakeHelm("==> Linting " + Chart + "\n[ERROR] templates/: template: rds-csi-driver/templates/node.yaml:3: unexpected \"}\"\n\nError: 1 chart(s) linted, 1 chart(s) failed", 1);

        Assert.That(CheckDeploy, Throws.TypeOf<BuildConfigurationException>()
            .With.Message.Contains($"{Chart}: helm lint --strict: [ERROR] templates/: template: rds-csi-driver/templates/node.yaml:3: unexpected \"}}\""));
        Assert.That(Log.Text, Does.Not.Contain("helm lint --strict: " + Working.Combine(Chart) + " clean"), "a failing chart is never reported clean");
    }

    [Test]
    public void CheckDeploy_writes_no_release_state()
    {
        CheckDeploy();

        Assert.That(RunLock.IsNeededBy(["CheckDeploy"]), Is.False, "CheckDeploy runs while a release holds the working directory");
        Assert.That(Directory.Exists(Working.Combine("artifacts")), Is.False);
    }

    [Test]
    public void CheckDeploy_warns_when_the_active_signing_key_expires_within_30_days_and_fails_when_the_policy_disagrees_with_keys_yaml()
    {
        var rotation = new Build.Keys.KeyRotation(Working.Path);
        rotation.Rotate(Build.Signing.CosignKeys.Generate(string.Empty).PublicPem, DateOnly.FromDateTime(DateTime.UtcNow).AddDays(12).AddYears(-1));

        CheckDeploy();

        Assert.That(Log.Text, Does.Contain("expires on").And.Contain("day(s): rotate it with ./build.sh --target=RotateKeys"));
        File.Copy(Path.Combine(BuildProgram.RepositoryRoot, Build.Keys.KeyPolicy.RelativePath), Working.Combine(Build.Keys.KeyPolicy.RelativePath), overwrite: true);
        Assert.That(CheckDeploy, Throws.TypeOf<BuildConfigurationException>().With.Message.Contains("disagrees with deploy/keys/keys.yaml"));
    }
}
