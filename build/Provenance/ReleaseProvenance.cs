using System.Text.Json.Nodes;
using Build.Configuration;

namespace Build.Provenance;

/// <summary>What the provenance of a release is made from; the build context supplies it (see SignTask).</summary>
/// <param name="SourceRepository">The repository's https URL (cake.config [Release] Source), for a rehearsal.</param>
/// <param name="Commit">The full sha of the commit built.</param>
/// <param name="SourceRef">The ref built in a rehearsal: refs/tags/vX.Y.Z, refs/heads/BRANCH, or the commit when HEAD is detached.</param>
/// <param name="Target">The build target the rehearsal ran (Release, Sign ...).</param>
/// <param name="LocalInvocation">Names a rehearsal run (urn:uuid:...); Actions runs are named by their URL.</param>
public sealed record ProvenanceInputs(
    GitHubActions Actions,
    string SourceRepository,
    string Commit,
    string SourceRef,
    string Target,
    IReadOnlyList<Platform> Platforms,
    IReadOnlyList<BaseImage> BaseImages,
    DateTimeOffset StartedOn,
    Guid LocalInvocation);

/// <summary>
/// The SLSA v1 provenance of the released image. In GitHub Actions it follows GitHub's workflow build type
/// (https://actions.github.io/buildtypes/workflow/v1, as actions/attest-build-provenance writes it) with the workflow
/// identity that keyless signing certifies as builder; on a workstation a build type of this repository's own.
/// </summary>
public static class ReleaseProvenance
{
    public const string GitHubWorkflowBuildType = "https://actions.github.io/buildtypes/workflow/v1";

    /// <summary>The build type of a rehearsal: &lt;repository&gt;/build/rehearsal/v1.</summary>
    public static string RehearsalBuildType(string sourceRepository) => $"{sourceRepository.TrimEnd('/')}/build/rehearsal/v1";

    /// <summary>The builder of a rehearsal: this repository's build program run by hand, outside CI.</summary>
    public static string RehearsalBuilderId(string sourceRepository) => $"{sourceRepository.TrimEnd('/')}/build/rehearsal";

    public static ProvenancePredicate Create(ProvenanceInputs inputs)
    {
        var internalParameters = new Dictionary<string, JsonNode>
        {
            ["platforms"] = new JsonArray(inputs.Platforms.Select(platform => (JsonNode?)platform.ToString()).ToArray()),
        };
        var baseImages = inputs.BaseImages.Select(image => image.ToDependency()).OfType<ResourceDescriptor>();
        var commit = new Dictionary<string, string> { ["gitCommit"] = inputs.Commit };
        var actions = inputs.Actions;
        if (!actions.IsRunning)
        {
            var repository = inputs.SourceRepository.TrimEnd('/');
            return new ProvenancePredicate(
                new BuildDefinition(
                    RehearsalBuildType(repository),
                    new RehearsalParameters(repository, inputs.SourceRef, inputs.Target),
                    internalParameters,
                    [new ResourceDescriptor($"git+{repository}@{inputs.SourceRef}", commit), .. baseImages]),
                new RunDetails(RehearsalBuilderId(repository), $"urn:uuid:{inputs.LocalInvocation:D}", inputs.StartedOn));
        }

        var server = actions.ServerUrl!.TrimEnd('/');
        var githubRepository = Required(actions.Repository, "GITHUB_REPOSITORY");
        var workflowRef = Required(actions.WorkflowRef, "GITHUB_WORKFLOW_REF");
        var gitRef = Required(actions.Ref, "GITHUB_REF");
        var github = new JsonObject();
        foreach (var (name, value) in new[]
        {
            ("event_name", actions.EventName), ("repository_id", actions.RepositoryId),
            ("repository_owner_id", actions.RepositoryOwnerId), ("runner_environment", actions.RunnerEnvironment),
        })
        {
            if (value is not null)
            {
                github[name] = value;
            }
        }

        if (github.Count > 0)
        {
            internalParameters["github"] = github;
        }

        return new ProvenancePredicate(
            new BuildDefinition(
                GitHubWorkflowBuildType,
                new WorkflowParameters(gitRef, $"{server}/{githubRepository}", WorkflowPath(workflowRef, githubRepository, gitRef)),
                internalParameters,
                [new ResourceDescriptor($"git+{server}/{githubRepository}@{gitRef}", commit), .. baseImages]),
            new RunDetails(
                SigningSettings.KeylessIdentity(actions),
                $"{server}/{githubRepository}/actions/runs/{Required(actions.RunId, "GITHUB_RUN_ID")}/attempts/{actions.RunAttempt ?? "1"}",
                inputs.StartedOn));
    }

    /// <summary>
    /// The workflow file of GITHUB_WORKFLOW_REF (OWNER/REPO/PATH@REF): the repository prefix and the @REF suffix removed;
    /// a path or ref may itself hold '@', so the known ref is cut from the end first.
    /// </summary>
    public static string WorkflowPath(string workflowRef, string repository, string gitRef)
    {
        var path = workflowRef.StartsWith(repository + "/", StringComparison.Ordinal) ? workflowRef[(repository.Length + 1)..] : workflowRef;
        if (path.EndsWith("@" + gitRef, StringComparison.Ordinal))
        {
            return path[..^(gitRef.Length + 1)];
        }

        var at = path.IndexOf('@', StringComparison.Ordinal);
        return at < 0 ? path : path[..at];
    }

    /// <summary>What the provenance of a run in GitHub Actions needs from the environment but is not set (checked before anything is pushed).</summary>
    public static IEnumerable<string> MissingActionsVariables(GitHubActions actions)
    {
        if (!actions.IsRunning)
        {
            yield break;
        }

        foreach (var (value, variable) in new[] { (actions.Repository, "GITHUB_REPOSITORY"), (actions.WorkflowRef, "GITHUB_WORKFLOW_REF"), (actions.Ref, "GITHUB_REF"), (actions.RunId, "GITHUB_RUN_ID") })
        {
            if (value is null)
            {
                yield return MissingMessage(variable);
            }
        }
    }

    private static string Required(string? value, string variable) => value ?? throw new BuildConfigurationException(MissingMessage(variable));

    private static string MissingMessage(string variable) =>
        $"{variable} is not set: the provenance of a GitHub Actions run names it. Run the release in a GitHub Actions job, or unset GITHUB_ACTIONS to rehearse.";
}
