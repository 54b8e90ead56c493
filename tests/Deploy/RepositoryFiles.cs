using Build.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Build.Tests.Deploy;

/// <summary>The repository's own deploy/ and .github/ files, read as the tests in this folder need them.</summary>
internal static class RepositoryFiles
{
    public const string DriverImage = "ghcr.io/3whiskeywhiskey/rds-csi";
    public const string DriverName = "rds.csi.3whiskeywhiskey.io";

    public static string Root => BuildProgram.RepositoryRoot;

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    public static string Text(string relative) => File.ReadAllText(PathOf(relative));

    public static List<YamlMappingNode> Documents(string relative)
    {
        var stream = new YamlStream();
        using var reader = File.OpenText(PathOf(relative));
        stream.Load(reader);
        return [.. stream.Documents.Select(document => document.RootNode).OfType<YamlMappingNode>()];
    }

    public static YamlMappingNode Document(string relative) => Documents(relative).Single();

    /// <summary>The node at a path of mapping keys and sequence indexes, e.g. At(doc, "spec", "rules", 0, "name").</summary>
    public static YamlNode At(YamlNode node, params object[] path)
    {
        foreach (var step in path)
        {
            node = step switch
            {
                string key => ((YamlMappingNode)node).Children[new YamlScalarNode(key)],
                int index => ((YamlSequenceNode)node).Children[index],
                _ => throw new ArgumentException($"A path step is a key or an index, not {step}.", nameof(path)),
            };
        }

        return node;
    }

    public static string Scalar(YamlNode node, params object[] path) => ((YamlScalarNode)At(node, path)).Value ?? string.Empty;

    public static bool Has(YamlNode node, string key) => node is YamlMappingNode mapping && mapping.Children.ContainsKey(new YamlScalarNode(key));

    /// <summary>The containers of a workload document (Deployment or DaemonSet), by name.</summary>
    public static Dictionary<string, YamlMappingNode> Containers(YamlMappingNode workload) =>
        ((YamlSequenceNode)At(workload, "spec", "template", "spec", "containers")).Children
            .Cast<YamlMappingNode>()
            .ToDictionary(container => Scalar(container, "name"));

    /// <summary>"OWNER/REPO" from cake.config's [Release] Source.</summary>
    public static string GitHubRepository()
    {
        var source = File.ReadLines(PathOf("cake.config")).Single(line => line.StartsWith("Source=", StringComparison.Ordinal))["Source=".Length..];
        return Build.Verification.PolicyCheck.RepositoryFromUrl(source) ?? throw new InvalidOperationException($"cake.config's Source '{source}' is not a GitHub URL.");
    }

    /// <summary>The certificate identity the release workflow signs with on tag <paramref name="tag"/>.</summary>
    public static string ReleaseIdentity(string tag) => $"https://github.com/{GitHubRepository()}/.github/workflows/release.yml@refs/tags/{tag}";
}
