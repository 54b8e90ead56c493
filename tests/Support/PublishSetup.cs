namespace Build.Tests.Support;

/// <summary>
/// What a publish run needs that this machine lacks, stood in for: a fake trivy that reports a clean image (real trivy
/// needs its online database), a fake GitHub (the contract server), a committed key pair and a non-sample image.
/// </summary>
public sealed class PublishSetup : IDisposable
{
    public const string Password = "publish-key-password-71";
    public const string Token = "ghs_publishTestToken0123456789";

    private const string CleanTrivy = """
        out=""; format="json"
        while [ $# -gt 0 ]; do
          case "$1" in
            -o|--output) out="$2"; shift ;;
            --format) format="$2"; shift ;;
          esac
          shift
        done
        if [ "$format" = "sarif" ]; then
          printf '{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"Trivy","version":"0.74.0"}},"results":[]}]}' > "$out"
        else
          printf '{"SchemaVersion":2,"ArtifactName":"image","Results":[]}' > "$out"
        fi
        """;

    private readonly FakeTool _trivy = new("trivy", CleanTrivy);

    /// <param name="sidecarRegistry">The registry the chart's sidecars are copied to, for publishing to pin them (registry.k8s.io is not reachable from the tests).</param>
    public PublishSetup(string tag, string changelogVersion, string sidecarRegistry)
    {
        GitHub = new FakeGitHub("acme", "rds-csi", Token);
        GitHub.AddTag(tag);
        Repository = EndToEnd.PublishPreflightTests.PublishableRepository(tag, Password, changelog: $"# Changelog\n\n## [{changelogVersion}] - 2026-11-25\n\n### Added\n- The first release of the sample.\n", sidecarRegistry);
    }

    public FakeGitHub GitHub { get; }

    public GitRepository Repository { get; }

    public Dictionary<string, string?> Environment => new()
    {
        ["COSIGN_PASSWORD"] = Password,
        ["GITHUB_TOKEN"] = Token,
        ["PATH"] = _trivy.Directory + ":" + System.Environment.GetEnvironmentVariable("PATH"),
    };

    public string[] Arguments(string image) =>
    [
        "--target=Release", "--mode=publish", "--signing-key=cosign.key", "--image=" + image,
        "--Release_GitHubApi=" + GitHub.BaseUri, "--Release_GitHubRepository=acme/rds-csi", "--Release_RetryDelay=0.05",
    ];

    public void Dispose()
    {
        Repository.Dispose();
        GitHub.Dispose();
        _trivy.Dispose();
    }
}
