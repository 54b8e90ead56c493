using Build.Artifacts;
using Build.Configuration;
using Build.Images;
using Build.Tests.Support;
using Build.Versioning;
using Semver;

namespace Build.Tests.Reporting;

/// <summary>Build contexts as a run leaves them after Push (and Sign, Sbom, Scan where a test says so), for the report's facts.</summary>
internal static class ReleaseContexts
{
    public const string Index = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    public const string Amd64 = "sha256:2222222222222222222222222222222222222222222222222222222222222222";
    public const string Arm64 = "sha256:3333333333333333333333333333333333333333333333333333333333333333";
    public const string Repository = "127.0.0.1:5000/acme/rds-csi";

    /// <summary>The environment of a job in GitHub Actions that publishes v1.2.3 keyless (an OIDC token is there).</summary>
    public static Dictionary<string, string?> KeylessPublish(string directory) => new()
    {
        ["GITHUB_ACTIONS"] = "true",
        ["GITHUB_REF"] = "refs/tags/v1.2.3",
        ["GITHUB_REPOSITORY"] = "3whiskeywhiskey/rds-csi",
        ["GITHUB_WORKFLOW_REF"] = "3whiskeywhiskey/rds-csi/.github/workflows/release.yml@refs/tags/v1.2.3",
        ["ACTIONS_ID_TOKEN_REQUEST_URL"] = "https://token.invalid/",
        ["ACTIONS_ID_TOKEN_REQUEST_TOKEN"] = "oidc-request-token",
        ["GITHUB_STEP_SUMMARY"] = Path.Combine(directory, "summary.md"),
        ["GITHUB_OUTPUT"] = Path.Combine(directory, "output"),
    };

    /// <summary>A pushed v1.2.3 (tags 1.2.3, 1.2, latest, sha-aaaaaaa: its tags, computed from the version) in <paramref name="directory"/>; no tool is on PATH, so signing is native.</summary>
    public static BuildContext Pushed(string directory, IDictionary<string, string?>? environment = null, params string[] plannedTasks)
    {
        var env = new Dictionary<string, string?> { ["PATH"] = directory, ["GITHUB_ACTIONS"] = null, ["GITHUB_REF"] = null, ["COSIGN_KEY"] = null };
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            env[key] = value;
        }

        var context = new BuildContext(CakeContexts.Create(directory, environment: env));
        context.UsePlan(BuildPlan.Of(plannedTasks.Length > 0 ? plannedTasks : ["Version", "Build", "Push"]));
        context.Results.Version.Set(new ReleaseVersion(SemVersion.Parse("1.2.3"), new string('a', 40), DateTimeOffset.UnixEpoch, "v1.2.3", true));
        context.Results.Pushed.Set(new PushedImage(
            ImageName.Parse(Repository, "test"),
            Index,
            context.Tags,
            new Dictionary<Platform, string> { [new Platform("linux", "amd64")] = Amd64, [new Platform("linux", "arm64")] = Arm64 }));
        return context;
    }

    /// <summary>As Sign leaves the context: the index digest signed.</summary>
    public static BuildContext Signed(this BuildContext context)
    {
        context.Results.SignedDigests.Set([Index]);
        return context;
    }

    /// <summary>As Sbom leaves the context: an attested SBOM file for each platform digest given.</summary>
    public static BuildContext Attested(this BuildContext context, params (string File, string Digest)[] sboms)
    {
        foreach (var (file, digest) in sboms)
        {
            context.Results.Artifacts.Add(new Artifact(ArtifactKind.Sbom, file, context.Options.Layout.Sbom.CombineWithFilePath(file), digest));
        }

        return context;
    }
}
