using System.Text.Json;
using System.Text.RegularExpressions;
using Build.Tests.Support;

namespace Build.Tests.EndToEnd;

/// <summary>
/// What users see, from the real program against a real registry: a rehearsal of v1.4.0 up to Sbom as GitHub Actions
/// runs it (GITHUB_ACTIONS=true on a branch, so still a rehearsal, with the step summary and output files in a temp
/// folder), the same target again at --verbosity=minimal outside Actions, a forced Push at --verbosity=diagnostic with
/// registry credentials, and a run whose Dockerfile fails in Build.
/// </summary>
[NonParallelizable]
public sealed partial class ActionsOutputTests
{
    private const string RegistryPassword = "registry-secret-pass-6630";
    private static readonly string[] SbomTarget = ["Version", "Build", "Push", "Sign", "Sbom"];

    private RegistryProcess _registry = null!;
    private GitRepository _repo = null!;
    private TempDirectory _files = null!;
    private string _image = null!;
    private ProcessResult _actions = null!;
    private ProcessResult _minimal = null!;
    private ProcessResult _diagnostic = null!;

    private string SummaryFile => _files.Combine("step-summary.md");

    private string OutputFile => _files.Combine("step-output");

    [OneTimeSetUp]
    public void Run()
    {
        _registry = new RegistryProcess();
        _repo = ReleaseRepository.Create();
        _repo.Tag("v1.4.0");
        _files = new TempDirectory("rdscsi-actions");
        _files.Write("step-summary.md", string.Empty);
        _files.Write("step-output", string.Empty);
        _image = $"{_registry.Address}/acme/actions";

        _actions = BuildProgram.Run(_repo.Path, ["--target=Sbom", "--image=" + _image], InActions(SummaryFile, OutputFile), TimeSpan.FromMinutes(10));
        _minimal = BuildProgram.Run(_repo.Path, ["--target=Sbom", "--image=" + _image, "--verbosity=minimal"], timeout: TimeSpan.FromMinutes(5));
        _diagnostic = BuildProgram.Run(
            _repo.Path,
            ["--target=Push", "--force", "--image=" + _image, "--verbosity=diagnostic"],
            new Dictionary<string, string?> { ["REGISTRY_USERNAME"] = "release-robot", ["REGISTRY_PASSWORD"] = RegistryPassword },
            TimeSpan.FromMinutes(5));
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _files.Dispose();
        _repo.Dispose();
        _registry.Dispose();
    }

    /// <summary>A job on a branch: Actions' variables, but no v* tag ref, so the run stays a rehearsal.</summary>
    private static Dictionary<string, string?> InActions(string summary, string output) => new()
    {
        ["GITHUB_ACTIONS"] = "true",
        ["GITHUB_REF"] = "refs/heads/main",
        ["GITHUB_REF_NAME"] = "main",
        ["GITHUB_REPOSITORY"] = "acme/rds-csi",
        ["GITHUB_WORKFLOW_REF"] = "acme/rds-csi/.github/workflows/release.yml@refs/heads/main",
        ["GITHUB_RUN_ID"] = "4242",
        ["GITHUB_RUN_ATTEMPT"] = "1",
        ["GITHUB_STEP_SUMMARY"] = summary,
        ["GITHUB_OUTPUT"] = output,
    };

    private JsonElement ImageJson() => JsonDocument.Parse(File.ReadAllText(Path.Combine(_repo.Path, "artifacts", "image.json"))).RootElement;

    private static string[] Lines(string text) => text.Split('\n').Select(line => line.TrimEnd('\r')).ToArray();

    [Test]
    public void Every_task_of_the_Actions_run_is_a_group_closed_before_the_next_opens()
    {
        Assert.That(_actions.ExitCode, Is.EqualTo(0), _actions.ToString());
        var commands = Lines(_actions.Output).Where(line => line.StartsWith("::group::", StringComparison.Ordinal) || line == "::endgroup::").ToList();

        for (var index = 0; index < commands.Count; index += 2)
        {
            Assert.That(commands[index], Does.StartWith("::group::"), string.Join('\n', commands));
            Assert.That(commands.ElementAtOrDefault(index + 1), Is.EqualTo("::endgroup::"), string.Join('\n', commands));
        }

        Assert.That(commands.Where((_, index) => index % 2 == 0).Select(line => line["::group::".Length..]), Is.SupersetOf(SbomTarget));
        Assert.That(_actions.All, Does.Not.Contain("::error"));
    }

    [Test]
    public void The_step_summary_has_the_task_table_tags_the_pushed_digest_the_SBOMs_and_the_verify_commands()
    {
        var summary = File.ReadAllText(SummaryFile);
        var image = ImageJson();
        var digest = image.GetProperty("digest").GetString()!;

        Assert.That(summary, Does.StartWith("## Release 1.4.0 (rehearsal)\n\n| Task | Duration | Status |\n"));
        foreach (var task in SbomTarget)
        {
            Assert.That(summary, Does.Match($@"\n\| {task} \| \d+\.\d s \| ran \|\n"), task);
        }

        Assert.That(summary, Does.Match(@"\| \*\*Total\*\* \| \d+\.\d s \| \|"));
        Assert.That(summary, Does.Contain("**Version** `1.4.0`, tags `1.4.0`, `1.4`, `latest`, `sha-" + _repo.ShortHead + "`"));
        Assert.That(digest, Is.EqualTo(Skopeo.Digest(_image + ":1.4.0")), "image.json holds the digest the registry serves");
        Assert.That(summary, Does.Contain($"| `{_image}` (index) | `{digest}` |"));
        foreach (var platform in image.GetProperty("platforms").EnumerateArray())
        {
            Assert.That(summary, Does.Contain($"| {platform.GetProperty("platform").GetString()} | `{platform.GetProperty("digest").GetString()}` |"));
            Assert.That(summary, Does.Contain($"cosign verify-attestation --type spdxjson --key artifacts/keys/cosign.pub --insecure-ignore-tlog=true {_image}@{platform.GetProperty("digest").GetString()}"));
        }

        Assert.That(summary, Does.Contain("**SBOMs** `linux-amd64.spdx.json`, `linux-arm64.spdx.json`, `index.spdx.json`"));
        Assert.That(summary, Does.Contain($"cosign verify-attestation --type spdxjson --key artifacts/keys/cosign.pub --insecure-ignore-tlog=true {_image}@{digest}\n"), "the index's SBOM, which Kyverno checks");
        Assert.That(summary, Does.Contain("**Signed** rehearsal key").And.Contain("**cosign.pub** `artifacts/keys/cosign.pub`"));
        Assert.That(summary, Does.Contain($"```bash\ncosign verify --key artifacts/keys/cosign.pub --insecure-ignore-tlog=true {_image}@{digest}\n"));
    }

    [Test]
    public void The_step_outputs_are_the_version_the_digest_and_one_tag_a_line_in_the_runner_s_format()
    {
        var image = ImageJson();

        var outputs = ActionsFileCommands.Parse(File.ReadAllText(OutputFile));

        Assert.That(outputs["version"], Is.EqualTo("1.4.0"));
        Assert.That(outputs["digest"], Is.EqualTo(image.GetProperty("digest").GetString()));
        Assert.That(outputs["tags"], Is.EqualTo(string.Join('\n', image.GetProperty("tags").EnumerateArray().Select(tag => tag.GetString()))));
        Assert.That(outputs["tags"].Split('\n'), Is.EquivalentTo(new[] { "1.4.0", "1.4", "latest", "sha-" + _repo.ShortHead }));
    }

    [Test]
    public void At_minimal_verbosity_each_task_is_one_line_and_no_tool_speaks()
    {
        Assert.That(_minimal.ExitCode, Is.EqualTo(0), _minimal.ToString());
        var lines = Lines(_minimal.Output);

        foreach (var (task, status) in new[] { ("Version", "done"), ("Build", "skipped"), ("Push", "skipped"), ("Sign", "done"), ("Sbom", "done") })
        {
            Assert.That(lines.Count(line => MinimalTaskLine().Match(line) is { Success: true } match && match.Groups[1].Value == task), Is.EqualTo(1), task + "\n" + _minimal.Output);
            Assert.That(lines, Has.Some.Match($@"^{task}\s+{status}\s+\d+\.\d s$"), task);
        }

        Assert.That(_minimal.All, Does.Not.Contain("Executing").And.Not.Contain("buildah|").And.Not.Contain("Signing mode").And.Not.Contain("::group::"));
    }

    [Test]
    public void The_plain_summary_table_lists_a_skipped_task_with_its_reason()
    {
        var lines = Lines(_minimal.Output);

        Assert.That(lines, Has.Some.Match(@"^Build\s+-\s+skipped: already pushed " + Regex.Escape(_image) + "@sha256:[0-9a-f]{64} from this commit"));
        Assert.That(lines, Has.Some.Match(@"^Push\s+-\s+skipped: the image of an earlier run of this version and commit is in place"));
        Assert.That(lines, Has.Some.Match(@"^Sign\s+\d+\.\d s\s+ran$"));
    }

    [Test]
    public void At_diagnostic_verbosity_a_tool_s_command_line_is_shown_with_the_secret_masked_and_its_output_follows()
    {
        Assert.That(_diagnostic.ExitCode, Is.EqualTo(0), _diagnostic.ToString());
        var lines = Lines(_diagnostic.Output);

        Assert.That(lines, Has.Some.Match(@"^Executing: \S*buildah .* manifest push ").And.None.Contain("--creds"));
        Assert.That(lines, Has.Some.Match(@"^Executing: \S*git ""log"" "));
        Assert.That(lines, Has.Some.Match(@"^[0-9a-f]{64}$"), "buildah build prints the image id (standard output, logged by Cake's process runner)");
        Assert.That(lines.Count(line => Regex.IsMatch(line, "^(  buildah\\| )?[0-9a-f]{64}$")), Is.EqualTo(lines.Count(line => Regex.IsMatch(line, "^[0-9a-f]{64}$"))), "each output line once");
        Assert.That(lines, Has.Some.Match(@"^  buildah exited with 0$"));
        Assert.That(_diagnostic.All, Does.Not.Contain(RegistryPassword));
    }

    [Test]
    public void A_task_that_fails_in_Actions_is_an_error_annotation_titled_with_its_name()
    {
        using var repo = ReleaseRepository.Create();
        repo.Write("tests/fixtures/sample-driver/Dockerfile", "FROM scratch\nCOPY no-such-file /nowhere\n");
        repo.Commit("a Dockerfile that cannot build");
        using var files = new TempDirectory("rdscsi-actions-failed");
        var summary = files.Write("summary.md", string.Empty);

        var result = BuildProgram.Run(repo.Path, ["--target=Build", $"--image={_registry.Address}/acme/failing"], InActions(summary, files.Write("output", string.Empty)));

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        var annotation = Lines(result.All).SingleOrDefault(line => line.StartsWith("::error", StringComparison.Ordinal));
        Assert.That(annotation, Does.StartWith("::error title=Build failed::buildah build (linux/amd64) failed").And.Contain("no-such-file"), result.ToString());
        Assert.That(annotation, Does.Not.Contain("\n"));
        Assert.That(File.ReadAllText(summary), Does.Match(@"\| Build \| \d+\.\d s \| FAILED \|"));
    }

    [Test]
    public void Signing_in_Actions_without_the_variables_its_provenance_names_is_refused_before_anything_is_pushed()
    {
        using var files = new TempDirectory("rdscsi-actions-unnamed");
        var environment = InActions(files.Write("summary.md", string.Empty), files.Write("output", string.Empty));
        environment["GITHUB_REPOSITORY"] = null;
        environment["GITHUB_RUN_ID"] = null;

        using var copy = WorkingCopy.Of(_repo.Path);
        var result = BuildProgram.Run(copy.Path, ["--target=Sign", "--force", $"--image={_registry.Address}/acme/unnamed"], environment);

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.All, Does.Contain("GITHUB_REPOSITORY is not set").And.Contain("GITHUB_RUN_ID is not set"));
        Assert.That(Skopeo.Tags($"{_registry.Address}/acme/unnamed"), Is.Empty, "nothing was pushed");
    }

    [GeneratedRegex(@"^(\w+)\s+(done|skipped|FAILED)\s+\d+\.\d s$")]
    private static partial Regex MinimalTaskLine();
}
