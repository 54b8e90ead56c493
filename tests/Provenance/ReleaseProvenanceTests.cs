using System.Text.Json.Nodes;
using Build.Configuration;
using Build.Provenance;
using Build.Tests.Support;

namespace Build.Tests.Provenance;

/// <summary>The SLSA v1 predicate the release attests, in GitHub Actions and in a rehearsal.</summary>
public sealed class ReleaseProvenanceTests
{
    private const string Commit = "0123456789abcdef0123456789abcdef01234567";
    private const string Source = "https://github.com/3whiskeywhiskey/rds-csi";
    private const string PinnedGo = "golang:1.23@sha256:9f4d4c9fbe1a8b4b2e5d7c3e8f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c";
    private static readonly DateTimeOffset Started = new(2025, 3, 4, 5, 6, 7, 890, TimeSpan.FromHours(2));
    private static readonly Guid Invocation = Guid.Parse("6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f");

    private static readonly Dictionary<string, string?> TagPush = new()
    {
        ["GITHUB_ACTIONS"] = "true",
        ["GITHUB_REF"] = "refs/tags/v1.2.3",
        ["GITHUB_REF_NAME"] = "v1.2.3",
        ["GITHUB_REPOSITORY"] = "3whiskeywhiskey/rds-csi",
        ["GITHUB_WORKFLOW_REF"] = "3whiskeywhiskey/rds-csi/.github/workflows/release.yml@refs/tags/v1.2.3",
        ["GITHUB_SERVER_URL"] = "https://github.com",
        ["GITHUB_RUN_ID"] = "13579",
        ["GITHUB_RUN_ATTEMPT"] = "2",
        ["GITHUB_SHA"] = Commit,
        ["GITHUB_EVENT_NAME"] = "push",
        ["GITHUB_REPOSITORY_ID"] = "901234",
        ["GITHUB_REPOSITORY_OWNER_ID"] = "567890",
        ["RUNNER_ENVIRONMENT"] = "github-hosted",
    };

    private static ProvenanceInputs Inputs(GitHubActions actions, string sourceRef = "refs/tags/v1.2.3", string dockerfile = "FROM scratch\n") => new(
        actions,
        Source,
        Commit,
        sourceRef,
        "Release",
        [new Platform("linux", "amd64"), new Platform("linux", "arm64")],
        DockerfileBaseImages.Parse(dockerfile),
        Started,
        Invocation);

    private static JsonNode InActions(IDictionary<string, string?> environment, string dockerfile = "FROM scratch\n") =>
        JsonNode.Parse(ReleaseProvenance.Create(Inputs(GitHubActions.Read(name => environment.TryGetValue(name, out var value) ? value : null), dockerfile: dockerfile)).ToJsonText())!;

    private static JsonNode Locally(string sourceRef = "refs/tags/v1.2.3") =>
        JsonNode.Parse(ReleaseProvenance.Create(Inputs(GitHubActions.Read(_ => null), sourceRef)).ToJsonText())!;

    /// <summary>Every path to a value in <paramref name="node"/> (array items as [], object keys by name).</summary>
    private static IEnumerable<string> Paths(JsonNode? node, string prefix = "") => node switch
    {
        JsonObject json => json.SelectMany(property => Paths(property.Value, $"{prefix}/{property.Key}")),
        JsonArray array => array.SelectMany(item => Paths(item, prefix + "[]")).Distinct(),
        _ => [prefix],
    };

    [Test]
    public void In_Actions_the_predicate_uses_GitHubs_workflow_build_type_and_names_the_workflow()
    {
        var predicate = InActions(TagPush);

        Assert.That(predicate["buildDefinition"]!["buildType"]!.GetValue<string>(), Is.EqualTo("https://actions.github.io/buildtypes/workflow/v1"));
        var workflow = predicate["buildDefinition"]!["externalParameters"]!["workflow"]!;
        Assert.That(workflow["ref"]!.GetValue<string>(), Is.EqualTo("refs/tags/v1.2.3"));
        Assert.That(workflow["repository"]!.GetValue<string>(), Is.EqualTo(Source));
        Assert.That(workflow["path"]!.GetValue<string>(), Is.EqualTo(".github/workflows/release.yml"));
    }

    [Test]
    public void In_Actions_the_builder_is_the_workflow_identity_keyless_signing_certifies_and_the_invocation_is_the_run_attempt()
    {
        var predicate = InActions(TagPush);
        var actions = GitHubActions.Read(name => TagPush.GetValueOrDefault(name));

        Assert.That(predicate["runDetails"]!["builder"]!["id"]!.GetValue<string>(), Is.EqualTo(SigningSettings.KeylessIdentity(actions)));
        Assert.That(predicate["runDetails"]!["builder"]!["id"]!.GetValue<string>(), Is.EqualTo(Deploy.RepositoryFiles.ReleaseIdentity("v1.2.3")));
        Assert.That(predicate["runDetails"]!["metadata"]!["invocationId"]!.GetValue<string>(), Is.EqualTo("https://github.com/3whiskeywhiskey/rds-csi/actions/runs/13579/attempts/2"));
        Assert.That(predicate["runDetails"]!["metadata"]!["startedOn"]!.GetValue<string>(), Is.EqualTo("2025-03-04T03:06:07Z"));
    }

    [Test]
    public void In_Actions_the_source_is_the_git_ref_with_the_full_commit()
    {
        var dependency = InActions(TagPush)["buildDefinition"]!["resolvedDependencies"]![0]!;

        Assert.That(dependency["uri"]!.GetValue<string>(), Is.EqualTo("git+https://github.com/3whiskeywhiskey/rds-csi@refs/tags/v1.2.3"));
        Assert.That(dependency["digest"]!["gitCommit"]!.GetValue<string>(), Is.EqualTo(Commit));
    }

    [Test]
    public void In_Actions_the_predicate_has_every_field_of_the_one_GitHubs_attest_build_provenance_makes()
    {
        var sample = JsonNode.Parse(File.ReadAllText(Path.Combine(BuildProgram.RepositoryRoot, "tests", "Provenance", "samples", "actions-toolkit-provenance.json")));

        Assert.That(Paths(InActions(TagPush)), Is.SupersetOf(Paths(sample)));
    }

    [Test]
    public void Internal_parameters_carry_the_platforms_and_the_Actions_context()
    {
        var internalParameters = InActions(TagPush)["buildDefinition"]!["internalParameters"]!;

        Assert.That(internalParameters["platforms"]!.AsArray().Select(item => item!.GetValue<string>()), Is.EqualTo(new[] { "linux/amd64", "linux/arm64" }));
        Assert.That(internalParameters["github"]!["event_name"]!.GetValue<string>(), Is.EqualTo("push"));
        Assert.That(internalParameters["github"]!["repository_id"]!.GetValue<string>(), Is.EqualTo("901234"));
        Assert.That(internalParameters["github"]!["runner_environment"]!.GetValue<string>(), Is.EqualTo("github-hosted"));
    }

    [Test]
    public void A_run_without_GITHUB_RUN_ATTEMPT_is_attempt_1()
    {
        var environment = new Dictionary<string, string?>(TagPush) { ["GITHUB_RUN_ATTEMPT"] = null };

        Assert.That(InActions(environment)["runDetails"]!["metadata"]!["invocationId"]!.GetValue<string>(), Does.EndWith("/actions/runs/13579/attempts/1"));
    }

    [Test]
    public void An_Actions_run_without_GITHUB_RUN_ID_names_the_variable()
    {
        var environment = new Dictionary<string, string?>(TagPush) { ["GITHUB_RUN_ID"] = null };

        var error = Assert.Throws<BuildConfigurationException>(() => InActions(environment));

        Assert.That(error!.Message, Does.Contain("GITHUB_RUN_ID is not set"));
    }

    [Test]
    public void Base_images_pinned_by_digest_follow_the_source_and_unpinned_ones_are_left_out()
    {
        var dependencies = InActions(TagPush, $"FROM {PinnedGo} AS build\nFROM alpine:3.20\nFROM build\n")["buildDefinition"]!["resolvedDependencies"]!.AsArray();

        Assert.That(dependencies, Has.Count.EqualTo(2));
        Assert.That(dependencies[1]!["uri"]!.GetValue<string>(), Is.EqualTo("pkg:docker/golang@1.23"));
        Assert.That(dependencies[1]!["digest"]!["sha256"]!.GetValue<string>(), Is.EqualTo(PinnedGo[^64..]));
    }

    [Test]
    public void A_rehearsal_has_a_build_type_and_builder_of_this_repository_and_a_uuid_invocation()
    {
        var predicate = Locally();

        Assert.That(predicate["buildDefinition"]!["buildType"]!.GetValue<string>(), Is.EqualTo(Source + "/build/rehearsal/v1"));
        Assert.That(predicate["runDetails"]!["builder"]!["id"]!.GetValue<string>(), Is.EqualTo(Source + "/build/rehearsal"));
        Assert.That(predicate["runDetails"]!["metadata"]!["invocationId"]!.GetValue<string>(), Is.EqualTo("urn:uuid:" + Invocation));
    }

    [Test]
    public void A_rehearsal_names_the_repository_the_ref_and_the_target_and_the_source_commit()
    {
        var predicate = Locally("refs/heads/main");
        var external = predicate["buildDefinition"]!["externalParameters"]!;
        var source = predicate["buildDefinition"]!["resolvedDependencies"]![0]!;

        Assert.That(external["repository"]!.GetValue<string>(), Is.EqualTo(Source));
        Assert.That(external["ref"]!.GetValue<string>(), Is.EqualTo("refs/heads/main"));
        Assert.That(external["target"]!.GetValue<string>(), Is.EqualTo("Release"));
        Assert.That(source["uri"]!.GetValue<string>(), Is.EqualTo($"git+{Source}@refs/heads/main"));
        Assert.That(ProvenanceFacts.Read(predicate).GitCommit, Is.EqualTo(Commit));
    }

    [TestCase("owner/repo/.github/workflows/release.yml@refs/tags/v1.2.3", "refs/tags/v1.2.3", ".github/workflows/release.yml")]
    [TestCase("owner/repo/.github/workflows/release.yml@refs/tags/pkg@1.2.3", "refs/tags/pkg@1.2.3", ".github/workflows/release.yml")]
    [TestCase("owner/repo/.github/workflows/a@b.yml@refs/heads/main", "refs/heads/main", ".github/workflows/a@b.yml")]
    public void The_workflow_path_is_GITHUB_WORKFLOW_REF_without_the_repository_and_the_ref(string workflowRef, string gitRef, string path)
    {
        Assert.That(ReleaseProvenance.WorkflowPath(workflowRef, "owner/repo", gitRef), Is.EqualTo(path));
    }

    [Test]
    public void The_facts_of_GitHubs_own_sample_are_read()
    {
        var facts = ProvenanceFacts.ReadFile(Path.Combine(BuildProgram.RepositoryRoot, "tests", "Provenance", "samples", "actions-toolkit-provenance.json"));

        Assert.That(facts, Is.EqualTo(new ProvenanceFacts(
            "https://actions.github.io/buildtypes/workflow/v1",
            "https://github.com/owner/workflows/.github/workflows/publish.yml@main",
            "https://github.com/owner/repo/actions/runs/run-id/attempts/run-attempt",
            "babca52ab0c93ae16539e5923cb0d7403b9a093b")));
    }
}
