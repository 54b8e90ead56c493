namespace Build.Configuration;

/// <summary>What GitHub Actions tells a job through its environment (all absent outside Actions).</summary>
public sealed record GitHubActions(
    bool IsRunning,
    string? Ref,
    string? RefName,
    string? Repository,
    string? WorkflowRef,
    string? ServerUrl,
    string? RunId,
    bool HasIdToken,
    string? StepSummaryPath,
    string? OutputPath)
{
    public static GitHubActions Read(Func<string, string?> variable)
    {
        string? Get(string name) => variable(name) is { Length: > 0 } value ? value : null;
        return new GitHubActions(
            string.Equals(Get("GITHUB_ACTIONS"), "true", StringComparison.OrdinalIgnoreCase),
            Get("GITHUB_REF"),
            Get("GITHUB_REF_NAME"),
            Get("GITHUB_REPOSITORY"),
            Get("GITHUB_WORKFLOW_REF"),
            Get("GITHUB_SERVER_URL") ?? "https://github.com",
            Get("GITHUB_RUN_ID"),
            Get("ACTIONS_ID_TOKEN_REQUEST_URL") is not null && Get(BuildSecrets.ActionsIdTokenRequestTokenVariable) is not null,
            Get("GITHUB_STEP_SUMMARY"),
            Get("GITHUB_OUTPUT"))
        {
            RunAttempt = Get("GITHUB_RUN_ATTEMPT"),
            Sha = Get("GITHUB_SHA"),
            EventName = Get("GITHUB_EVENT_NAME"),
            RepositoryId = Get("GITHUB_REPOSITORY_ID"),
            RepositoryOwnerId = Get("GITHUB_REPOSITORY_OWNER_ID"),
            RunnerEnvironment = Get("RUNNER_ENVIRONMENT"),
        };
    }

    /// <summary>GITHUB_RUN_ATTEMPT: 1, then 2 ... when the run is re-run.</summary>
    public string? RunAttempt { get; init; }

    /// <summary>GITHUB_SHA: the commit the workflow run checked out.</summary>
    public string? Sha { get; init; }

    public string? EventName { get; init; }

    public string? RepositoryId { get; init; }

    public string? RepositoryOwnerId { get; init; }

    /// <summary>RUNNER_ENVIRONMENT: github-hosted or self-hosted.</summary>
    public string? RunnerEnvironment { get; init; }

    /// <summary>A workflow run started by pushing a v* tag: the case that publishes.</summary>
    public bool IsVersionTagPush => IsRunning && Ref is not null && Ref.StartsWith("refs/tags/v", StringComparison.Ordinal);

    /// <summary>The tag name of a tag push, else null.</summary>
    public string? TagName => Ref is not null && Ref.StartsWith("refs/tags/", StringComparison.Ordinal) ? Ref["refs/tags/".Length..] : null;
}
