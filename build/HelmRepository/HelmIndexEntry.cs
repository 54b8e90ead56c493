using System.Formats.Tar;
using System.Globalization;
using System.IO.Compression;
using System.Text.RegularExpressions;
using Build.Charts;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Build.HelmRepository;

/// <summary>
/// One version of a chart in an index (helm's <c>repo.ChartVersion</c>): the packaged Chart.yaml's fields, <c>created</c>,
/// <c>digest</c> (SHA-256 hex of the .tgz) and <c>urls</c>. <see cref="Node"/> is the entry as written; an entry read
/// from an index keeps its node untouched.
/// </summary>
public sealed partial record HelmIndexEntry(string Name, string Version, string? Digest, string Created, IReadOnlyList<string> Urls, YamlMappingNode Node)
{
    /// <summary>The Chart.yaml fields helm's chart.Metadata has, which <c>helm repo index</c> copies into an entry.</summary>
    private static readonly HashSet<string> MetadataFields = new(StringComparer.Ordinal)
    {
        "name", "home", "sources", "version", "description", "keywords", "maintainers", "icon", "apiVersion", "condition",
        "tags", "appVersion", "deprecated", "annotations", "kubeVersion", "dependencies", "type",
    };

    /// <summary>
    /// The entry of a packaged chart, from the Chart.yaml inside the package (what helm reads, annotations included);
    /// <paramref name="created"/> is the commit's time, so a rebuild makes the same entry.
    /// </summary>
    /// <exception cref="ChartException">the package holds no valid top-level Chart.yaml.</exception>
    public static HelmIndexEntry FromPackage(string package, string url, DateTimeOffset created)
    {
        var (text, source) = ReadChartYaml(package);
        var metadata = ChartMetadata.Parse(text, source);
        if (Path.GetFileName(package) != metadata.ArchiveFileName)
        {
            throw new ChartException($"{package} holds chart {metadata.Name} {metadata.Version}, whose package is named {metadata.ArchiveFileName}: helm finds a version's package by that name.");
        }

        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        var fields = ((YamlMappingNode)stream.Documents[0].RootNode).Children
            .Where(pair => pair.Key is YamlScalarNode { Value: { } key } && MetadataFields.Contains(key) && !IsEmpty(pair.Value))
            .Select(pair => (Key: ((YamlScalarNode)pair.Key).Value!, pair.Value))
            .ToList();
        var createdText = created.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var digest = Releasing.Checksums.Sha256(package);
        fields.Add(("created", Text(createdText)));
        fields.Add(("digest", Text(digest)));
        fields.Add(("urls", new YamlSequenceNode(Text(url))));
        var node = new YamlMappingNode(fields.OrderBy(field => field.Key, StringComparer.Ordinal)
            .Select(field => new KeyValuePair<YamlNode, YamlNode>(new YamlScalarNode(field.Key), field.Value)));
        return new HelmIndexEntry(metadata.Name, metadata.Version, digest, createdText, [url], node);
    }

    /// <summary>An entry as an index holds it.</summary>
    public static HelmIndexEntry Of(string chart, YamlMappingNode node)
    {
        string? Scalar(string key) => node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? (value as YamlScalarNode)?.Value : null;
        var urls = node.Children.TryGetValue(new YamlScalarNode("urls"), out var list) && list is YamlSequenceNode sequence
            ? sequence.Children.OfType<YamlScalarNode>().Select(url => url.Value ?? string.Empty).ToList()
            : [];
        return new HelmIndexEntry(chart, Scalar("version") ?? string.Empty, Scalar("digest"), Scalar("created") ?? string.Empty, urls, node);
    }

    /// <summary>
    /// A string scalar written plain where YAML reads it back as that string (not a number, boolean, null or time), else
    /// double-quoted: helm reads every one of these fields as a string.
    /// </summary>
    internal static YamlScalarNode Text(string value) => new(value)
    {
        Style = PlainString().IsMatch(value) && !IsYamlKeyword(value) || VersionLike().IsMatch(value) ? ScalarStyle.Plain : ScalarStyle.DoubleQuoted,
    };

    private static bool IsYamlKeyword(string value) =>
        value.ToLowerInvariant() is "y" or "n" or "yes" or "no" or "on" or "off" or "true" or "false" or "null";

    private static bool IsEmpty(YamlNode node) => node switch
    {
        YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" } => true,
        YamlScalarNode scalar => scalar.Value is null or "",
        YamlSequenceNode sequence => sequence.Children.Count == 0,
        YamlMappingNode mapping => mapping.Children.Count == 0,
        _ => false,
    };

    private static (string Text, string Source) ReadChartYaml(string package)
    {
        try
        {
            using var gzip = new GZipStream(File.OpenRead(package), CompressionMode.Decompress);
            using var tar = new TarReader(gzip);
            while (tar.GetNextEntry() is { } entry)
            {
                var parts = entry.Name.Split('/');
                if (parts is [_, ChartMetadata.FileName] && entry.DataStream is { } data)
                {
                    return (new StreamReader(data).ReadToEnd(), $"{Path.GetFileName(package)}:{entry.Name}");
                }
            }
        }
        catch (Exception exception) when (exception is InvalidDataException or FormatException or IOException)
        {
            throw new ChartException($"{package} is not a gzipped tar archive ({exception.Message}): it is not a Helm chart package.", exception);
        }

        throw new ChartException($"{package} holds no Chart.yaml in its top folder: it is not a Helm chart package.");
    }

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9 ._/:@+()-]*$")]
    private static partial Regex PlainString();

    [GeneratedRegex(@"^v?[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$")]
    private static partial Regex VersionLike();
}
