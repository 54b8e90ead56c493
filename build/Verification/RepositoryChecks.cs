namespace Build.Verification;

/// <summary>The native checks of this repository's deploy/ and .github/, in the order Verify runs them.</summary>
public static class RepositoryChecks
{
    public const string Chart = "deploy/helm/rds-csi-driver";
    public const string Workflows = ".github/workflows";
    public const string KeylessPolicy = "deploy/policies/kyverno-verify-rds-csi.yaml";
    public const string KeyPolicy = "deploy/policies/kyverno-verify-rds-csi-key.yaml";
    public static readonly IReadOnlyList<string> YamlRoots = ["deploy", ".github"];

    /// <param name="repositoryRoot">The repository's root folder.</param>
    /// <param name="helmAvailable">Whether Verify also runs helm lint (the chart check's summary says so).</param>
    /// <param name="chart">The chart folder (cake.config's [Release] Chart), relative to the root or absolute.</param>
    /// <param name="sourceUrl">The repository URL (cake.config's [Release] Source); the policies' subjects must name it.</param>
    public static IReadOnlyList<IVerificationCheck> For(string repositoryRoot, bool helmAvailable, string chart = Chart, string? sourceUrl = null)
    {
        var githubRepository = sourceUrl is null ? null : PolicyCheck.RepositoryFromUrl(sourceUrl);
        return
        [
            new YamlCheck(repositoryRoot, YamlRoots),
            new ChartCheck(repositoryRoot, chart, helmAvailable),
            new WorkflowPinningCheck(repositoryRoot, Workflows),
            new PolicyCheck(repositoryRoot, KeylessPolicy, githubRepository),
            new PolicyCheck(repositoryRoot, KeyPolicy, githubRepository),
            new KeysCheck(repositoryRoot),
        ];
    }
}
