using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Build.Tests.Deploy;

/// <summary>.github/: what the release and CI workflows run, with which permissions, and pinned how.</summary>
public sealed partial class WorkflowTests
{
    private const string Release = ".github/workflows/release.yml";
    private const string Ci = ".github/workflows/ci.yml";

    private static YamlMappingNode ReleaseJob => (YamlMappingNode)RepositoryFiles.At(RepositoryFiles.Document(Release), "jobs", "release");

    private static YamlMappingNode BuildJob => (YamlMappingNode)RepositoryFiles.At(RepositoryFiles.Document(Release), "jobs", "build");

    private static List<YamlMappingNode> Steps(YamlNode job) => [.. ((YamlSequenceNode)RepositoryFiles.At(job, "steps")).Children.Cast<YamlMappingNode>()];

    private static YamlMappingNode StepUsing(YamlNode job, string action) =>
        Steps(job).Single(step => RepositoryFiles.Has(step, "uses") && RepositoryFiles.Scalar(step, "uses").StartsWith(action + "@", StringComparison.Ordinal));

    private static Dictionary<string, string> Permissions(YamlNode node) =>
        ((YamlMappingNode)RepositoryFiles.At(node, "permissions")).Children.ToDictionary(pair => ((YamlScalarNode)pair.Key).Value!, pair => ((YamlScalarNode)pair.Value).Value!);

    [Test]
    public void Every_uses_is_pinned_to_a_full_commit_sha_with_its_version_in_a_comment()
    {
        var uses = Directory.GetFiles(RepositoryFiles.PathOf(".github/workflows"))
            .SelectMany(File.ReadAllLines)
            .Where(line => line.TrimStart().StartsWith("uses:", StringComparison.Ordinal) || line.TrimStart().StartsWith("- uses:", StringComparison.Ordinal))
            .ToList();

        Assert.That(uses, Is.Not.Empty);
        Assert.That(uses, Is.All.Match(PinnedUses().ToString()));
    }

    [Test]
    public void The_release_runs_on_version_tags_only()
    {
        var release = RepositoryFiles.Document(Release);
        var tags = ((YamlSequenceNode)RepositoryFiles.At(release, "on", "push", "tags")).Children.Select(node => ((YamlScalarNode)node).Value);

        Assert.That(tags, Is.EqualTo(new[] { "v*" }));
        Assert.That(RepositoryFiles.Has(RepositoryFiles.At(release, "on", "push"), "branches"), Is.False);
    }

    [Test]
    public void The_release_reads_by_default_and_its_job_gets_exactly_the_write_permissions_it_needs()
    {
        Assert.That(Permissions(RepositoryFiles.Document(Release)), Is.EqualTo(new Dictionary<string, string> { ["contents"] = "read" }));
        Assert.That(Permissions(ReleaseJob), Is.EqualTo(new Dictionary<string, string>
        {
            ["contents"] = "write",
            ["packages"] = "write",
            ["id-token"] = "write",
            ["security-events"] = "write",
        }));
        Assert.That(RepositoryFiles.Scalar(ReleaseJob, "runs-on"), Is.EqualTo("ubuntu-24.04"));
    }

    [Test]
    public void A_second_run_for_the_same_tag_waits_instead_of_cancelling_the_first()
    {
        var concurrency = RepositoryFiles.At(RepositoryFiles.Document(Release), "concurrency");

        Assert.That(RepositoryFiles.Scalar(concurrency, "group"), Does.Contain("${{ github.ref }}"));
        Assert.That(RepositoryFiles.Scalar(concurrency, "cancel-in-progress"), Is.EqualTo("false"));
    }

    [Test]
    public void The_release_checks_out_full_history_and_runs_the_build_program_in_publish_mode()
    {
        var checkout = StepUsing(ReleaseJob, "actions/checkout");
        var release = Steps(ReleaseJob).Single(step => RepositoryFiles.Has(step, "run") && RepositoryFiles.Scalar(step, "run").Contains("./build.sh", StringComparison.Ordinal));

        Assert.That(RepositoryFiles.Scalar(checkout, "with", "fetch-depth"), Is.EqualTo("0"));
        Assert.That(RepositoryFiles.Scalar(StepUsing(ReleaseJob, "actions/setup-dotnet"), "with", "global-json-file"), Is.EqualTo("global.json"));
        Assert.That(RepositoryFiles.Scalar(release, "run"), Is.EqualTo("./build.sh --target=Release --mode=publish --from-digests=${{ runner.temp }}/digests"));
        Assert.That(RepositoryFiles.Scalar(release, "env", "GITHUB_TOKEN"), Is.EqualTo("${{ secrets.GITHUB_TOKEN }}"));
        Assert.That(RepositoryFiles.Scalar(release, "env", "COSIGN_YES"), Is.EqualTo("true"));
        Assert.That(RepositoryFiles.Scalar(release, "env", "ANNOUNCE_WEBHOOK_URL"), Is.EqualTo("${{ secrets.ANNOUNCE_WEBHOOK_URL }}"));
        Assert.That(RepositoryFiles.Scalar(release, "env", "HELM_SIGNING_KEY"), Is.EqualTo("${{ secrets.HELM_SIGNING_KEY }}"));
        Assert.That(RepositoryFiles.Scalar(release, "env", "HELM_SIGNING_PASSPHRASE"), Is.EqualTo("${{ secrets.HELM_SIGNING_PASSPHRASE }}"));
    }

    [Test]
    public void A_matrix_job_builds_each_configured_platform_on_its_own_native_runner_and_pushes_it_by_digest()
    {
        var include = ((YamlSequenceNode)RepositoryFiles.At(BuildJob, "strategy", "matrix", "include")).Children;
        var platforms = include.Select(entry => (RepositoryFiles.Scalar(entry, "platform"), RepositoryFiles.Scalar(entry, "runner"))).ToList();
        var configured = RepositoryFiles.Text("cake.config").Split('\n').Single(line => line.StartsWith("Platforms=", StringComparison.Ordinal))["Platforms=".Length..].Trim().Split(',');
        var push = Steps(BuildJob).Single(step => RepositoryFiles.Has(step, "run") && RepositoryFiles.Scalar(step, "run").StartsWith("./build.sh", StringComparison.Ordinal));

        Assert.That(platforms, Is.EqualTo(new[] { ("linux/amd64", "ubuntu-24.04"), ("linux/arm64", "ubuntu-24.04-arm") }));
        Assert.That(platforms.Select(platform => platform.Item1), Is.EqualTo(configured), "one matrix entry per platform in cake.config");
        Assert.That(RepositoryFiles.Scalar(BuildJob, "runs-on"), Is.EqualTo("${{ matrix.runner }}"));
        Assert.That(RepositoryFiles.Scalar(push, "run"), Is.EqualTo("./build.sh --target=Push --mode=publish --platform=${{ matrix.platform }} --push-by-digest"));
        Assert.That(Steps(BuildJob).Any(step => RepositoryFiles.Has(step, "uses") && RepositoryFiles.Scalar(step, "uses").StartsWith("docker/setup-qemu-action@", StringComparison.Ordinal)), Is.False, "native runners need no emulation");
    }

    [Test]
    public void Each_platform_uploads_its_digest_file_and_the_release_job_downloads_them_all_before_merging()
    {
        var upload = StepUsing(BuildJob, "actions/upload-artifact");
        var download = StepUsing(ReleaseJob, "actions/download-artifact");
        var releaseSteps = Steps(ReleaseJob);
        var release = releaseSteps.Single(step => RepositoryFiles.Has(step, "run") && RepositoryFiles.Scalar(step, "run").StartsWith("./build.sh", StringComparison.Ordinal));

        Assert.That(RepositoryFiles.Scalar(upload, "with", "path"), Is.EqualTo("artifacts/digests/*"));
        Assert.That(RepositoryFiles.Scalar(upload, "with", "name"), Is.EqualTo("${{ steps.artifact.outputs.name }}"));
        Assert.That(RepositoryFiles.Scalar(upload, "with", "if-no-files-found"), Is.EqualTo("error"));
        Assert.That(RepositoryFiles.Text(Release), Does.Contain("echo \"name=digests-${PLATFORM//\\//-}\" >> \"$GITHUB_OUTPUT\""));
        Assert.That(RepositoryFiles.Scalar(download, "with", "pattern"), Is.EqualTo("digests-*"));
        Assert.That(RepositoryFiles.Scalar(download, "with", "path"), Is.EqualTo("${{ runner.temp }}/digests"));
        Assert.That(RepositoryFiles.Scalar(release, "run"), Does.EndWith("--from-digests=${{ runner.temp }}/digests"));
        Assert.That(releaseSteps.IndexOf(download), Is.LessThan(releaseSteps.IndexOf(release)));
        Assert.That(RepositoryFiles.Scalar(ReleaseJob, "needs"), Is.EqualTo("build"));
    }

    [Test]
    public void Only_the_job_that_signs_may_ask_for_an_OIDC_token()
    {
        var jobs = (YamlMappingNode)RepositoryFiles.At(RepositoryFiles.Document(Release), "jobs");
        var withToken = jobs.Children.Where(job => Permissions(job.Value).GetValueOrDefault("id-token") == "write").Select(job => ((YamlScalarNode)job.Key).Value).ToList();

        Assert.That(withToken, Is.EqualTo(new[] { "release" }));
        Assert.That(Permissions(BuildJob), Is.EqualTo(new Dictionary<string, string> { ["contents"] = "read", ["packages"] = "write" }));
        Assert.That(Permissions(RepositoryFiles.Document(Release)).ContainsKey("id-token"), Is.False);
    }

    [Test]
    public void The_release_logs_in_to_ghcr_with_the_workflow_token_before_releasing()
    {
        var steps = Steps(ReleaseJob);
        var login = StepUsing(ReleaseJob, "docker/login-action");
        var release = steps.FindIndex(step => RepositoryFiles.Has(step, "run") && RepositoryFiles.Scalar(step, "run").StartsWith("./build.sh", StringComparison.Ordinal));

        Assert.That(RepositoryFiles.Scalar(login, "with", "registry"), Is.EqualTo("ghcr.io"));
        Assert.That(RepositoryFiles.Scalar(login, "with", "password"), Is.EqualTo("${{ secrets.GITHUB_TOKEN }}"));
        Assert.That(steps.IndexOf(login), Is.LessThan(release));
    }

    [Test]
    public void The_tools_are_installed_at_pinned_versions_and_checked_against_pinned_sha256_digests()
    {
        var release = RepositoryFiles.Document(Release);
        var steps = Steps(ReleaseJob);
        var checksums = steps.Where(step => RepositoryFiles.Has(step, "env"))
            .SelectMany(step => ((YamlMappingNode)RepositoryFiles.At(step, "env")).Children)
            .Where(pair => ((YamlScalarNode)pair.Key).Value!.EndsWith("_SHA256", StringComparison.Ordinal))
            .ToDictionary(pair => ((YamlScalarNode)pair.Key).Value!, pair => ((YamlScalarNode)pair.Value).Value!);

        Assert.That(checksums.Keys, Is.EquivalentTo(new[] { "COSIGN_SHA256", "SYFT_SHA256", "TRIVY_SHA256", "HELM_SHA256" }));
        Assert.That(checksums.Values, Is.All.Match("^[0-9a-f]{64}$"));
        foreach (var tool in new[] { "COSIGN_VERSION", "SYFT_VERSION", "TRIVY_VERSION", "HELM_VERSION" })
        {
            Assert.That(RepositoryFiles.Scalar(release, "env", tool), Does.Match(@"^v?\d+\.\d+\.\d+$"), tool);
        }

        Assert.That(RepositoryFiles.Text(Release), Does.Contain("sha256sum --check --strict"));
        Assert.That(RepositoryFiles.Scalar(StepUsing(ReleaseJob, "sigstore/cosign-installer"), "with", "cosign-release"), Is.EqualTo("${{ env.COSIGN_VERSION }}"));
    }

    [Test]
    public void The_scan_and_the_artifacts_are_uploaded_even_when_the_release_fails()
    {
        var sarif = StepUsing(ReleaseJob, "github/codeql-action/upload-sarif");
        var artifacts = StepUsing(ReleaseJob, "actions/upload-artifact");

        Assert.That(RepositoryFiles.Scalar(sarif, "if"), Is.EqualTo("always() && hashFiles('artifacts/scan/trivy.sarif') != ''"));
        Assert.That(RepositoryFiles.Scalar(sarif, "with", "sarif_file"), Is.EqualTo("artifacts/scan/trivy.sarif"));
        Assert.That(RepositoryFiles.Scalar(artifacts, "if"), Is.EqualTo("always()"));
        Assert.That(RepositoryFiles.Scalar(artifacts, "with", "path"), Does.StartWith("artifacts/\n").And.Contain("!artifacts/keys/"));
    }

    [Test]
    public void Ci_reads_only_and_runs_Verify_after_installing_its_tools()
    {
        var ci = RepositoryFiles.Document(Ci);
        var job = RepositoryFiles.At(ci, "jobs", "verify");
        var runs = Steps(job).Where(step => RepositoryFiles.Has(step, "run")).Select(step => RepositoryFiles.Scalar(step, "run")).ToList();

        Assert.That(Permissions(ci), Is.EqualTo(new Dictionary<string, string> { ["contents"] = "read" }));
        Assert.That(RepositoryFiles.Has(job, "permissions"), Is.False);
        Assert.That(RepositoryFiles.Has(RepositoryFiles.At(ci, "on"), "pull_request"), Is.True);
        Assert.That(RepositoryFiles.Scalar(ci, "on", "push", "branches", 0), Is.EqualTo("main"));
        Assert.That(runs[0], Does.Contain("sudo apt-get install -y buildah skopeo docker-registry umoci shellcheck yamllint"));
        Assert.That(runs[^1], Is.EqualTo("./build.sh --target=Verify"));
    }

    [Test]
    public void Dependabot_updates_the_actions_and_both_nuget_projects_weekly()
    {
        var updates = ((YamlSequenceNode)RepositoryFiles.At(RepositoryFiles.Document(".github/dependabot.yml"), "updates")).Children;
        var actions = updates.Single(update => RepositoryFiles.Scalar(update, "package-ecosystem") == "github-actions");
        var nuget = updates.Single(update => RepositoryFiles.Scalar(update, "package-ecosystem") == "nuget");

        Assert.That(RepositoryFiles.Scalar(actions, "directory"), Is.EqualTo("/"));
        Assert.That(((YamlSequenceNode)RepositoryFiles.At(nuget, "directories")).Children.Select(node => ((YamlScalarNode)node).Value), Is.EqualTo(new[] { "/build", "/tests" }));
        Assert.That(updates.Select(update => RepositoryFiles.Scalar(update, "schedule", "interval")), Is.All.EqualTo("weekly"));
    }

    [Test]
    public void Every_setup_dotnet_step_installs_the_sdk_that_global_json_pins()
    {
        var setups = new[] { Ci, Release }
            .SelectMany(workflow => ((YamlMappingNode)RepositoryFiles.At(RepositoryFiles.Document(workflow), "jobs")).Children.Values)
            .SelectMany(Steps)
            .Where(step => RepositoryFiles.Has(step, "uses") && RepositoryFiles.Scalar(step, "uses").StartsWith("actions/setup-dotnet@", StringComparison.Ordinal))
            .ToList();

        Assert.That(setups, Has.Count.EqualTo(3), "ci's verify job, release's build and release jobs");
        Assert.That(setups.Select(step => RepositoryFiles.Scalar(step, "with", "global-json-file")), Is.All.EqualTo("global.json"));
        Assert.That(setups.Select(step => RepositoryFiles.Has(RepositoryFiles.At(step, "with"), "dotnet-version")), Is.All.False, "a dotnet-version next to global-json-file installs a second, floating SDK");
    }

    [Test]
    public void Global_json_pins_an_exact_sdk_feature_band_that_the_sdk_running_the_tests_satisfies()
    {
        using var globalJson = System.Text.Json.JsonDocument.Parse(RepositoryFiles.Text("global.json"));
        var sdk = globalJson.RootElement.GetProperty("sdk");
        var version = sdk.GetProperty("version").GetString()!;

        Assert.That(version, Does.Match(@"^10\.0\.\d00$"), "an exact SDK feature band of .NET 10");
        Assert.That(sdk.GetProperty("rollForward").GetString(), Is.EqualTo("latestFeature"));
        Assert.That(sdk.GetProperty("allowPrerelease").GetBoolean(), Is.False);

        var dotnet = Build.Tests.Support.Run.Process("dotnet", ["--version"], RepositoryFiles.Root);
        Assert.That(dotnet.ExitCode, Is.EqualTo(0), dotnet.ToString());
        Assert.That(Version.Parse(dotnet.Output.Trim().Split('-')[0]), Is.GreaterThanOrEqualTo(Version.Parse(version)).And.LessThan(new Version(10, 1)));
    }

    [GeneratedRegex(@"^\s*(- )?uses: (\./\S+|[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+(/\S+)?@[0-9a-f]{40} # v\d+\.\d+\.\d+)$")]
    private static partial Regex PinnedUses();
}
