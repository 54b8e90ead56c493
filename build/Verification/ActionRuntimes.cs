namespace Build.Verification;

/// <summary>What a GitHub action's <c>runs.using</c> says it runs on.</summary>
public enum ActionRuntime
{
    Node12,
    Node16,
    Node20,
    Node24,
    Composite,
    Docker,
}

/// <summary>The releases of <paramref name="Action"/> (owner/repo) whose version is <paramref name="Versions"/> or starts with it and a dot ("4" is every v4.x.y, "3.0" every v3.0.z).</summary>
public sealed record ActionRuntimeEntry(string Action, string Versions, ActionRuntime Runtime);

/// <summary>A release of <paramref name="Action"/> on a supported runtime, its tag checked against <paramref name="Sha"/> in the upstream repository.</summary>
public sealed record VerifiedActionRelease(string Action, string Version, string Sha);

/// <summary>
/// Which Node version the releases of the actions this project uses run on, so that CheckDeploy can tell from a pin's
/// version comment that GitHub's runners will refuse it.
/// Source: <c>runs.using</c> of <c>action.yml</c> at every vX.Y.Z tag of each upstream repository (actions/checkout,
/// actions/setup-dotnet, actions/upload-artifact, actions/download-artifact, docker/login-action,
/// docker/setup-buildx-action, github/codeql-action's upload-sarif, sigstore/cosign-installer), read 2026-11-29.
/// Runners support Node 24 only: Node 20 was deprecated in GitHub's changelog of 2025-09-19 ("Deprecation of Node 20 on
/// GitHub Actions runners") and its opt-out (ACTIONS_ALLOW_USE_UNSECURE_NODE_VERSION) removed by actions/runner#3948's
/// last phase; Node 12 and 16 were removed earlier.
/// An action or major version missing here is not judged: add a row when you pin a new one.
/// </summary>
public static class ActionRuntimes
{
    public static IReadOnlyList<ActionRuntimeEntry> Known { get; } =
    [
        new("actions/checkout", "2", ActionRuntime.Node12),
        new("actions/checkout", "3", ActionRuntime.Node16),
        new("actions/checkout", "4", ActionRuntime.Node20),
        new("actions/checkout", "5", ActionRuntime.Node24),
        new("actions/checkout", "6", ActionRuntime.Node24),
        new("actions/checkout", "7", ActionRuntime.Node24),
        new("actions/setup-dotnet", "1", ActionRuntime.Node12),
        new("actions/setup-dotnet", "2", ActionRuntime.Node16),
        new("actions/setup-dotnet", "3", ActionRuntime.Node16),
        new("actions/setup-dotnet", "4", ActionRuntime.Node20),
        new("actions/setup-dotnet", "5", ActionRuntime.Node24),
        new("actions/setup-dotnet", "6", ActionRuntime.Node24),
        new("actions/upload-artifact", "2", ActionRuntime.Node12),
        new("actions/upload-artifact", "3", ActionRuntime.Node16),
        new("actions/upload-artifact", "4", ActionRuntime.Node20),
        new("actions/upload-artifact", "5", ActionRuntime.Node20),
        new("actions/upload-artifact", "6", ActionRuntime.Node24),
        new("actions/upload-artifact", "7", ActionRuntime.Node24),
        new("actions/download-artifact", "2", ActionRuntime.Node12),
        new("actions/download-artifact", "3.0", ActionRuntime.Node16),
        new("actions/download-artifact", "4", ActionRuntime.Node20),
        new("actions/download-artifact", "5", ActionRuntime.Node20),
        new("actions/download-artifact", "6", ActionRuntime.Node20),
        new("actions/download-artifact", "7", ActionRuntime.Node24),
        new("actions/download-artifact", "8", ActionRuntime.Node24),
        new("docker/login-action", "2", ActionRuntime.Node16),
        new("docker/login-action", "3", ActionRuntime.Node20),
        new("docker/login-action", "4", ActionRuntime.Node24),
        new("docker/setup-buildx-action", "1", ActionRuntime.Node12),
        new("docker/setup-buildx-action", "2", ActionRuntime.Node16),
        new("docker/setup-buildx-action", "3", ActionRuntime.Node20),
        new("docker/setup-buildx-action", "4", ActionRuntime.Node24),
        new("github/codeql-action", "2", ActionRuntime.Node16),
        new("github/codeql-action", "3", ActionRuntime.Node20),
        new("github/codeql-action", "4", ActionRuntime.Node24),
        new("sigstore/cosign-installer", "3", ActionRuntime.Composite),
        new("sigstore/cosign-installer", "4", ActionRuntime.Composite),
    ];

    /// <summary>The release each workflow pins, or should: the tag resolved to its commit in the upstream repository.</summary>
    public static IReadOnlyList<VerifiedActionRelease> Replacements { get; } =
    [
        new("actions/checkout", "v6.0.2", "de0fac2e4500dabe0009e67214ff5f5447ce83dd"),
        new("actions/setup-dotnet", "v5.1.0", "baa11fbfe1d6520db94683bd5c7a3818018e4309"),
        new("actions/upload-artifact", "v6.0.0", "b7c566a772e6b6bfb58ed0dc250532a479d7789f"),
        new("actions/download-artifact", "v7.0.0", "37930b1c2abaa49bbe596cd826c3c89aef350131"),
        new("docker/login-action", "v4.1.0", "4907a6ddec9925e35a0a9e82d7399ccc52663121"),
        new("docker/setup-buildx-action", "v4.3.0", "37fe631027851001ddb9b187196cc803df7f5f0e"),
    ];

    public static bool IsSupported(ActionRuntime runtime) => runtime is ActionRuntime.Node24 or ActionRuntime.Composite or ActionRuntime.Docker;

    /// <summary>The runtime of <paramref name="action"/> (owner/repo or owner/repo/path) at <paramref name="version"/> (v4.3.0), when the table knows it.</summary>
    public static ActionRuntime? RuntimeOf(string action, string version)
    {
        var repository = Repository(action);
        var bare = version.TrimStart('v');
        return Known
            .Where(entry => entry.Action.Equals(repository, StringComparison.OrdinalIgnoreCase)
                            && (bare == entry.Versions || bare.StartsWith(entry.Versions + ".", StringComparison.Ordinal)))
            .OrderByDescending(entry => entry.Versions.Length)
            .Select(entry => (ActionRuntime?)entry.Runtime)
            .FirstOrDefault();
    }

    /// <summary>What to pin instead: a verified release when there is one, else the first major on a supported runtime.</summary>
    public static string ReplacementFor(string action)
    {
        var repository = Repository(action);
        if (Replacements.FirstOrDefault(release => release.Action.Equals(repository, StringComparison.OrdinalIgnoreCase)) is { } release)
        {
            return $"{action}@{release.Sha} # {release.Version}";
        }

        var major = Known
            .Where(entry => entry.Action.Equals(repository, StringComparison.OrdinalIgnoreCase) && IsSupported(entry.Runtime))
            .Select(entry => entry.Versions)
            .FirstOrDefault();
        return major is null ? $"a release of {action} on Node 24" : $"{action} v{major} or later (pinned to its commit SHA)";
    }

    private static string Repository(string action)
    {
        var parts = action.Split('/');
        return parts.Length >= 2 ? $"{parts[0]}/{parts[1]}" : action;
    }
}
