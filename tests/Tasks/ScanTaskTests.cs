using Build.Configuration;
using Build.Images;
using Build.Tasks;
using Build.Tests.Scanning;
using Build.Tests.Support;
using Build.Versioning;
using Semver;

namespace Build.Tests.Tasks;

/// <summary>The Scan task's gate and reports, with a fake trivy that writes real trivy output samples.</summary>
public sealed class ScanTaskTests : TempDirectoryTest
{
    /// <summary>Writes the sample of the requested format to the -o file, as trivy does.</summary>
    private static readonly string FakeTrivyScript = $$"""
        echo "$@" >> "$(dirname "$0")/calls"
        out=""; format="json"
        while [ $# -gt 0 ]; do
          case "$1" in
            -o|--output) out="$2"; shift ;;
            --format) format="$2"; shift ;;
          esac
          shift
        done
        if [ "$format" = "sarif" ]; then cp "{{Samples.Path("trivy/alpine-310.sarif")}}" "$out"; else cp "{{Samples.Path("trivy/alpine-39.json")}}" "$out"; fi
        """;

    private FakeTool _trivy = null!;

    [SetUp]
    public void SetUp()
    {
        _trivy = new FakeTool("trivy", FakeTrivyScript);
    }

    [TearDown]
    public void TearDown() => _trivy.Dispose();

    private BuildContext Context(Dictionary<string, string>? settings = null, Dictionary<string, string?>? environment = null)
    {
        var env = new Dictionary<string, string?> { ["PATH"] = _trivy.Directory, ["GITHUB_ACTIONS"] = null };
        foreach (var (key, value) in environment ?? [])
        {
            env[key] = value;
        }

        var context = new BuildContext(CakeContexts.Create(Working.Path, settings: settings, environment: env, log: Log));
        context.Results.Version.Set(new ReleaseVersion(SemVersion.Parse("1.2.3"), new string('a', 40), DateTimeOffset.UnixEpoch, "v1.2.3", true));
        context.Results.Pushed.Set(new PushedImage(
            ImageName.Parse("127.0.0.1:5000/acme/rds-csi", "test"),
            "sha256:" + new string('1', 64),
            ["1.2.3"],
            new Dictionary<Platform, string>
            {
                [new Platform("linux", "amd64")] = "sha256:" + new string('2', 64),
                [new Platform("linux", "arm64")] = "sha256:" + new string('3', 64),
            }));
        return context;
    }

    [Test]
    public void A_CRITICAL_vulnerability_fails_the_gate_listing_id_package_and_versions_FakeTrivy()
    {
        var context = Context();

        var error = Assert.Throws<InvalidOperationException>(() => new ScanTask().Run(context));

        Assert.That(error!.Message, Does.Contain("The vulnerability gate failed (fails on CRITICAL)"));
        Assert.That(error.Message, Does.Contain("linux/amd64: CVE-2019-14697").And.Contain("musl").And.Contain("1.1.20-r4").And.Contain("1.1.20-r5"));
        Assert.That(error.Message, Does.Contain("linux/arm64: CVE-2019-14697"));
        Assert.That(File.Exists(Path.Combine(Working.Path, "artifacts", "scan", "trivy.sarif")), Is.True);
    }

    [Test]
    public void An_accepted_id_in_the_ignore_file_passes_the_gate_FakeTrivy()
    {
        Working.Write(".trivyignore", "# musl: not reachable in the driver (no DNS resolution in the binary)\nCVE-2019-14697\n");
        var context = Context();

        new ScanTask().Run(context);

        Assert.That(Log.Text, Does.Contain("The vulnerability gate passed"));
        Assert.That(Log.Text, Does.Contain("| linux/amd64 | 2 | 0 | 4 | 0 | 0 | passed |"));
    }

    [Test]
    public void Lower_severities_can_be_made_to_fail_FakeTrivy()
    {
        Working.Write(".trivyignore", "CVE-2019-14697\n");

        var error = Assert.Throws<InvalidOperationException>(() => new ScanTask().Run(Context(new() { ["Scan_FailOn"] = "HIGH,MEDIUM" })));

        Assert.That(error!.Message, Does.Contain("fails on HIGH, MEDIUM").And.Contain("CVE-2019-1549").And.Contain("CVE-2019-1551"));
    }

    [Test]
    public void The_SARIF_run_reports_CRITICAL_and_HIGH_for_the_index_digest_FakeTrivy()
    {
        Working.Write(".trivyignore", "CVE-2019-14697\n");

        new ScanTask().Run(Context());

        var calls = File.ReadAllLines(Path.Combine(_trivy.Directory, "calls"));
        Assert.That(calls, Has.Length.EqualTo(3));
        Assert.That(calls[0], Does.Contain("--severity CRITICAL,HIGH").And.EndWith("127.0.0.1:5000/acme/rds-csi@sha256:" + new string('1', 64)));
    }

    [Test]
    public void In_GitHub_Actions_the_summary_table_goes_to_the_job_summary_FakeTrivy()
    {
        Working.Write(".trivyignore", "CVE-2019-14697\n");
        var summary = Working.Combine("summary.md");

        new ScanTask().Run(Context(environment: new() { ["GITHUB_ACTIONS"] = "true", ["GITHUB_STEP_SUMMARY"] = summary }));

        Assert.That(File.ReadAllText(summary), Does.Contain("### Vulnerability scan (trivy)").And.Contain("| linux/arm64 | 2 | 0 | 4 | 0 | 0 | passed |"));
    }

    [Test]
    public void Scan_fails_the_run_on_a_finding_at_or_above_the_threshold_and_passes_one_below_it_FakeTrivy()
    {
        Working.Write(".trivyignore", "CVE-2019-14697\n");

        var error = Assert.Throws<InvalidOperationException>(() => new ScanTask().Run(Context(new() { ["Scan_FailOn"] = "MEDIUM" })));
        Assert.That(error!.Message, Does.Contain("fails on MEDIUM").And.Contain("CVE-2019-1551"));

        new ScanTask().Run(Context(new() { ["Scan_FailOn"] = "HIGH" }));
        Assert.That(Log.Text, Does.Contain("The vulnerability gate passed (fails on HIGH)"));
    }

    [Test]
    public void Scan_records_each_platform_report_as_an_artifact_of_its_digest_and_the_SARIF_of_the_index_FakeTrivy()
    {
        Working.Write(".trivyignore", "CVE-2019-14697\n");
        var context = Context();

        new ScanTask().Run(context);

        var reports = context.Results.Artifacts.OfKind(Build.Artifacts.ArtifactKind.ScanReport).ToDictionary(artifact => artifact.Name, artifact => artifact.Digest);
        Assert.That(reports, Is.EquivalentTo(new Dictionary<string, string?>
        {
            ["trivy.sarif"] = "sha256:" + new string('1', 64),
            ["linux-amd64.trivy.json"] = "sha256:" + new string('2', 64),
            ["linux-arm64.trivy.json"] = "sha256:" + new string('3', 64),
        }));
        Assert.That(context.Results.ScanResults.Value, Has.Count.EqualTo(2).And.All.Contain(": "));
    }

    [Test]
    public void Without_trivy_the_task_does_not_run_and_says_why()
    {
        using var empty = new TempDirectory();
        var context = new BuildContext(CakeContexts.Create(Working.Path, environment: new Dictionary<string, string?> { ["PATH"] = empty.Path }));
        var task = new ScanTask();

        Assert.That(task.ShouldRun(context), Is.False);
        Assert.That(task.SkippedMessage, Does.Contain("trivy is not installed").And.Contain("NOT scanned"));
    }

    [Test]
    public void A_bad_FailOn_setting_is_named()
    {
        var error = Assert.Throws<BuildConfigurationException>(() => Context(new() { ["Scan_FailOn"] = "SEVERE" }));

        Assert.That(error!.Message, Does.Contain("Scan_FailOn").And.Contain("SEVERE"));
    }
}
