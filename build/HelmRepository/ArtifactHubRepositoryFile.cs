using YamlDotNet.RepresentationModel;

namespace Build.HelmRepository;

/// <summary>
/// artifacthub-repo.yml, next to index.yaml: the Artifact Hub repository id it claims (verified publisher). Written
/// only when [Helm] ArtifactHubRepositoryId is set; a file that already names that id is kept as it is (owners, ignore).
/// </summary>
public static class ArtifactHubRepositoryFile
{
    public const string FileName = "artifacthub-repo.yml";

    public static string Content(string repositoryId) =>
        $"# Artifact Hub repository metadata (https://artifacthub.io/docs/topics/repositories/helm-charts/)\nrepositoryID: {repositoryId}\n";

    /// <summary>The content to write: null when nothing is configured or <paramref name="existing"/> names the id already.</summary>
    public static string? ToWrite(string? repositoryId, string? existing) =>
        repositoryId is null || (existing is not null && RepositoryIdOf(existing) == repositoryId) ? null : Content(repositoryId);

    private static string? RepositoryIdOf(string text)
    {
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            return stream.Documents.FirstOrDefault()?.RootNode is YamlMappingNode root
                && root.Children.TryGetValue(new YamlScalarNode("repositoryID"), out var id) && id is YamlScalarNode { Value: { } value }
                ? value.ToLowerInvariant()
                : null;
        }
        catch (YamlDotNet.Core.YamlException)
        {
            return null;
        }
    }
}
