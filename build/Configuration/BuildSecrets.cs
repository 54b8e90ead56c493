namespace Build.Configuration;

/// <summary>
/// Every secret the build may use, read from the environment only (never from arguments or cake.config).
/// <see cref="ToString"/> never shows a value.
/// </summary>
public sealed record BuildSecrets(string? CosignPassword, string? GitHubToken, string? RegistryUsername, string? RegistryPassword)
{
    public const string CosignPasswordVariable = "COSIGN_PASSWORD";
    public const string GitHubTokenVariable = "GITHUB_TOKEN";
    public const string RegistryUsernameVariable = "REGISTRY_USERNAME";
    public const string RegistryPasswordVariable = "REGISTRY_PASSWORD";

    public static BuildSecrets Read(Func<string, string?> variable) => new(
        variable(CosignPasswordVariable),
        variable(GitHubTokenVariable),
        variable(RegistryUsernameVariable),
        variable(RegistryPasswordVariable));

    public override string ToString() =>
        $"BuildSecrets {{ {CosignPasswordVariable} = {Shown(CosignPassword)}, {GitHubTokenVariable} = {Shown(GitHubToken)}, {RegistryUsernameVariable} = {Shown(RegistryUsername)}, {RegistryPasswordVariable} = {Shown(RegistryPassword)} }}";

    private static string Shown(string? value) => value is null ? "(unset)" : "***";
}
