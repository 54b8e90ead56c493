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
            Get("ACTIONS_ID_TOKEN_REQUEST_URL") is not null && Get("ACTIONS_ID_TOKEN_REQUEST_TOKEN") is not null,
            Get("GITHUB_STEP_SUMMARY"),
            Get("GITHUB_OUTPUT"));
    }

    /// <summary>A workflow run started by pushing a v* tag: the case that publishes.</summary>
    public bool IsVersionTagPush => IsRunning && Ref is not null && Ref.StartsWith("refs/tags/v", StringComparison.Ordinal);

    /// <summary>The tag name of a tag push, else null.</summary>
    public string? TagName => Ref is not null && Ref.StartsWith("refs/tags/", StringComparison.Ordinal) ? Ref["refs/tags/".Length..] : null;
}
