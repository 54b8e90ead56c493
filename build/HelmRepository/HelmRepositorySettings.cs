using System.Text.RegularExpressions;
using Build.Configuration;
using Cake.Core;

namespace Build.HelmRepository;

/// <summary>
/// cake.config [Helm]: the Helm repository users add (<c>helm repo add NAME Repository</c>), the branch GitHub Pages serves
/// it from, and the Artifact Hub repository id that <c>artifacthub-repo.yml</c> claims (none: no such file is written).
/// </summary>
public sealed partial record HelmRepositorySettings(string Repository, string Branch, string? ArtifactHubRepositoryId)
{
    public const string RepositoryKey = "Helm_Repository";
    public const string BranchKey = "Helm_Branch";
    public const string ArtifactHubRepositoryIdKey = "Helm_ArtifactHubRepositoryId";
    public const string DefaultBranch = "gh-pages";

    public static HelmRepositorySettings Default { get; } = new("https://3whiskeywhiskey.github.io/rds-csi", DefaultBranch, null);

    /// <summary>GitHub Pages' address of a repository: https://OWNER.github.io/REPO (Pages host names are lower case).</summary>
    public static string PagesUrl(GitHubSettings github) => $"https://{github.Owner.ToLowerInvariant()}.github.io/{github.Repository}";

    public static HelmRepositorySettings Read(ICakeContext context, GitHubSettings github)
    {
        var repository = context.Configuration.GetValue(RepositoryKey) is { Length: > 0 } configured ? configured : PagesUrl(github);
        if (!Uri.TryCreate(repository, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps || uri.UserInfo.Length > 0 || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            throw new BuildConfigurationException(
                $"{RepositoryKey} ([Helm] Repository in cake.config) '{repository}' is not an https:// URL without user, query or fragment: set it to where users add the chart repository, such as {PagesUrl(github)}.");
        }

        var branch = context.Configuration.GetValue(BranchKey) is { Length: > 0 } named ? named : DefaultBranch;
        if (!IsBranchName(branch))
        {
            throw new BuildConfigurationException(
                $"{BranchKey} ([Helm] Branch in cake.config) '{branch}' is not a valid git branch name (see git check-ref-format): name the branch GitHub Pages serves, such as {DefaultBranch}.");
        }

        var id = context.Configuration.GetValue(ArtifactHubRepositoryIdKey) is { Length: > 0 } text ? text.Trim() : null;
        if (id is not null && !Guid.TryParseExact(id, "D", out _))
        {
            throw new BuildConfigurationException(
                $"{ArtifactHubRepositoryIdKey} ([Helm] ArtifactHubRepositoryId in cake.config) '{id}' is not an Artifact Hub repository id: copy the UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx) from the repository's page in Artifact Hub's control panel, or leave it empty.");
        }

        return new HelmRepositorySettings(uri.AbsoluteUri.TrimEnd('/'), branch, id?.ToLowerInvariant());
    }

    /// <summary>git check-ref-format's rules for refs/heads/NAME.</summary>
    public static bool IsBranchName(string name) =>
        BranchCharacters().IsMatch(name)
        && !name.StartsWith('-')
        && name != "@"
        && !name.Contains("..", StringComparison.Ordinal)
        && !name.Contains("@{", StringComparison.Ordinal)
        && name.Split('/').All(part => part.Length > 0 && !part.StartsWith('.') && !part.EndsWith(".lock", StringComparison.Ordinal))
        && !name.EndsWith('.');

    [GeneratedRegex(@"^[^\x00-\x20\x7F~^:?*\[\\]+$")]
    private static partial Regex BranchCharacters();
}
