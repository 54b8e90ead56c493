using Cake.Core;

namespace Build.Configuration;

/// <summary>Where a publish run makes its GitHub release: the API, owner/repository (GITHUB_REPOSITORY in Actions).</summary>
public sealed record GitHubSettings(Uri Api, string Owner, string Repository)
{
    public static GitHubSettings Read(ICakeContext context, GitHubActions actions, ImageDescription labels)
    {
        var api = context.Configuration.GetValue(SettingKeys.GitHubApi) is { Length: > 0 } value ? value : "https://api.github.com/";
        if (!Uri.TryCreate(api, UriKind.Absolute, out var uri) || !(uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)))
        {
            throw new BuildConfigurationException($"{SettingKeys.GitHubApi} '{api}' must be an https:// URL (plain http only on loopback, for tests).");
        }

        var repository = context.Configuration.GetValue(SettingKeys.GitHubRepository) is { Length: > 0 } configured
            ? configured
            : actions.Repository ?? FromSourceUrl(labels.Source);
        var parts = repository?.Split('/') ?? [];
        if (parts.Length != 2 || parts.Any(string.IsNullOrWhiteSpace))
        {
            throw new BuildConfigurationException($"The GitHub repository to release to is unknown ('{repository}'): set {SettingKeys.GitHubRepository}=OWNER/REPO, or {SettingKeys.Source} to https://github.com/OWNER/REPO.");
        }

        return new GitHubSettings(uri, parts[0], parts[1]);
    }

    private static string? FromSourceUrl(string source) =>
        Uri.TryCreate(source, UriKind.Absolute, out var uri) && uri.Host.Equals("github.com", StringComparison.OrdinalIgnoreCase)
            ? uri.AbsolutePath.Trim('/').Replace(".git", string.Empty, StringComparison.Ordinal)
            : null;
}
