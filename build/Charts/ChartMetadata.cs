using Semver;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Build.Charts;

/// <summary>A maintainer as Chart.yaml lists one.</summary>
public sealed record ChartMaintainer(string? Name, string? Email, string? Url);

/// <summary>
/// What Chart.yaml says about a chart (the fields of helm's <c>chart.Metadata</c>). Values are the YAML scalars' text,
/// so <c>appVersion: 1.10</c> reads as "1.10", not as a number.
/// </summary>
public sealed record ChartMetadata
{
    public const string FileName = "Chart.yaml";

    public required string ApiVersion { get; init; }

    public required string Name { get; init; }

    /// <summary>The chart's SemVer version; the archive is named after it and the OCI tag is made from it.</summary>
    public required string Version { get; init; }

    public string? AppVersion { get; init; }

    public string? Description { get; init; }

    /// <summary>application or library (helm treats none as application).</summary>
    public string? Type { get; init; }

    public string? KubeVersion { get; init; }

    public string? Home { get; init; }

    public string? Icon { get; init; }

    public string? Condition { get; init; }

    public string? Tags { get; init; }

    public bool Deprecated { get; init; }

    public IReadOnlyList<string> Sources { get; init; } = [];

    public IReadOnlyList<string> Keywords { get; init; } = [];

    public IReadOnlyList<ChartMaintainer> Maintainers { get; init; } = [];

    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();

    /// <summary>The names of the charts listed under <c>dependencies:</c>.</summary>
    public IReadOnlyList<string> Dependencies { get; init; } = [];

    /// <summary>The file name <c>helm package</c> gives the archive: NAME-VERSION.tgz.</summary>
    public string ArchiveFileName => $"{Name}-{Version}.tgz";

    /// <summary>The tag <c>helm push</c> gives the chart: its version with '+' (not allowed in tags) written as '_'.</summary>
    public string OciTag => Version.Replace('+', '_');

    /// <summary>Reads <paramref name="chartDirectory"/>/Chart.yaml.</summary>
    /// <exception cref="ChartException">the file is missing, not YAML, or lacks apiVersion, name or a SemVer version.</exception>
    public static ChartMetadata Load(string chartDirectory)
    {
        var file = Path.Combine(chartDirectory, FileName);
        if (!File.Exists(file))
        {
            throw new ChartException(Directory.Exists(chartDirectory)
                ? $"{file} does not exist: a chart directory holds a Chart.yaml with apiVersion, name and version (`helm create` makes one)."
                : $"The chart directory {chartDirectory} does not exist; check the chart path setting.");
        }

        return Parse(File.ReadAllText(file), file);
    }

    /// <summary>Reads the text of a Chart.yaml; <paramref name="source"/> names it in messages.</summary>
    public static ChartMetadata Parse(string yaml, string source)
    {
        var root = ReadRoot(yaml, source);
        string? Text(string key) => Scalar(root, key, source);
        var name = Text("name");
        var version = Text("version");
        var apiVersion = Text("apiVersion");
        if (string.IsNullOrWhiteSpace(apiVersion) || string.IsNullOrWhiteSpace(name) || string.IsNullOrWhiteSpace(version))
        {
            var missing = new[] { ("apiVersion", apiVersion), ("name", name), ("version", version) }.Where(field => string.IsNullOrWhiteSpace(field.Item2)).Select(field => field.Item1);
            throw new ChartException($"{source} has no {string.Join(", ", missing)}: helm requires apiVersion (v2), name and version in Chart.yaml.");
        }

        if (name is "." or ".." || name.IndexOfAny(['/', '\\']) >= 0)
        {
            throw new ChartException($"{source}: the chart name '{name}' is not a file name; write a name such as rds-csi-driver.");
        }

        if (!SemVersion.TryParse(version, SemVersionStyles.Strict, out _))
        {
            throw new ChartException($"{source}: version '{version}' is not a SemVer 2 version such as 1.2.3 or 1.2.3-rc.1, which helm requires of a chart.");
        }

        return new ChartMetadata
        {
            ApiVersion = apiVersion,
            Name = name,
            Version = version,
            AppVersion = Text("appVersion"),
            Description = Text("description"),
            Type = Text("type"),
            KubeVersion = Text("kubeVersion"),
            Home = Text("home"),
            Icon = Text("icon"),
            Condition = Text("condition"),
            Tags = Text("tags"),
            Deprecated = Text("deprecated") is { } deprecated && (deprecated.Equals("true", StringComparison.OrdinalIgnoreCase) || deprecated == "yes"),
            Sources = Strings(root, "sources", source),
            Keywords = Strings(root, "keywords", source),
            Maintainers = Items(root, "maintainers", source)
                .Select(item => item is YamlMappingNode maintainer
                    ? new ChartMaintainer(Scalar(maintainer, "name", source), Scalar(maintainer, "email", source), Scalar(maintainer, "url", source))
                    : throw new ChartException($"{source}: each entry under maintainers is a mapping with name, email and url (line {item.Start.Line})."))
                .ToList(),
            Annotations = StringMap(root, "annotations", source),
            Dependencies = Items(root, "dependencies", source)
                .Select(item => item is YamlMappingNode dependency ? Scalar(dependency, "name", source) ?? "(unnamed)" : "(unnamed)")
                .ToList(),
        };
    }

    private static YamlMappingNode ReadRoot(string yaml, string source)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException exception)
        {
            throw new ChartException($"{source} is not valid YAML (line {exception.Start.Line}, column {exception.Start.Column}): {exception.Message}", exception);
        }
        catch (InvalidOperationException exception)
        {
            throw new ChartException($"{source} is not valid YAML: the parser stopped ({exception.Message}).", exception);
        }

        return stream.Documents.FirstOrDefault()?.RootNode as YamlMappingNode
            ?? throw new ChartException($"{source} is not a Chart.yaml: it holds no mapping of keys (apiVersion, name, version, ...).");
    }

    private static YamlNode? Child(YamlMappingNode mapping, string key) =>
        mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static string? Scalar(YamlMappingNode mapping, string key, string source) => Child(mapping, key) switch
    {
        null => null,
        YamlScalarNode { Style: ScalarStyle.Plain, Value: "" or "~" or "null" } => null,
        YamlScalarNode scalar => scalar.Value,
        var other => throw new ChartException($"{source}: {key} (line {other.Start.Line}) must be a single value, not a {other.NodeType.ToString().ToLowerInvariant()}."),
    };

    private static IEnumerable<YamlNode> Items(YamlMappingNode mapping, string key, string source) => Child(mapping, key) switch
    {
        null or YamlScalarNode { Value: "" or "~" or "null" } => [],
        YamlSequenceNode sequence => sequence.Children,
        var other => throw new ChartException($"{source}: {key} (line {other.Start.Line}) must be a list."),
    };

    private static IReadOnlyList<string> Strings(YamlMappingNode mapping, string key, string source) =>
        Items(mapping, key, source)
            .Select(item => item is YamlScalarNode { Value: { } text } ? text : throw new ChartException($"{source}: each entry under {key} is a single value (line {item.Start.Line})."))
            .ToList();

    private static IReadOnlyDictionary<string, string> StringMap(YamlMappingNode mapping, string key, string source) => Child(mapping, key) switch
    {
        null or YamlScalarNode { Value: "" or "~" or "null" } => new Dictionary<string, string>(),
        YamlMappingNode map => map.Children.ToDictionary(
            pair => pair.Key is YamlScalarNode { Value: { } name } ? name : throw new ChartException($"{source}: the keys under {key} are single values (line {pair.Key.Start.Line})."),
            pair => pair.Value is YamlScalarNode { Value: { } value } ? value : throw new ChartException($"{source}: {key} values are strings (line {pair.Value.Start.Line}); quote them."),
            StringComparer.Ordinal),
        var other => throw new ChartException($"{source}: {key} (line {other.Start.Line}) must be a mapping of strings."),
    };
}
