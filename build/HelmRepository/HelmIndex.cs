using System.Globalization;
using System.Text.RegularExpressions;
using Semver;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Build.HelmRepository;

/// <summary>What adding an entry did to an index.</summary>
public enum IndexChange
{
    /// <summary>The index had this version with the same digest: nothing changed.</summary>
    Unchanged,

    /// <summary>The version was new.</summary>
    Added,

    /// <summary>The index had this version with another digest, replaced by --force.</summary>
    Replaced,
}

/// <summary>
/// A Helm repository's <c>index.yaml</c> as <c>helm repo index --merge</c> keeps it (helm's <c>repo.IndexFile</c>):
/// <c>apiVersion: v1</c>, <c>entries.&lt;chart&gt;[]</c> newest SemVer first, <c>generated</c>, and whatever else the root
/// holds (serverInfo, publicKeys, annotations) kept. An entry already there is never dropped or changed: the same
/// version with the same digest is a no-op, with another digest it is refused unless forced. Keys are written in the
/// order helm writes them (sorted), and <c>generated</c> is the newest <c>created</c> it has seen, not the clock, so
/// that rebuilding the same releases gives the same bytes.
/// </summary>
public sealed partial class HelmIndex
{
    public const string FileName = "index.yaml";
    public const string ApiVersion = "v1";

    private readonly SortedDictionary<string, List<HelmIndexEntry>> _entries = new(StringComparer.Ordinal);
    private readonly List<(string Key, YamlNode Value)> _others = [];
    private string? _generated;

    private HelmIndex(string source) => Source = source;

    /// <summary>Where the index was read from, for messages.</summary>
    public string Source { get; }

    /// <summary>The generated time as written (RFC 3339), or null for an index that was never written.</summary>
    public string? Generated => _generated;

    public IReadOnlyCollection<string> Charts => _entries.Keys;

    public static HelmIndex Empty(string source) => new(source);

    /// <summary>Reads an index.yaml; <paramref name="source"/> names it in messages.</summary>
    /// <exception cref="HelmRepositoryException">it is not YAML, not apiVersion v1, or its entries are not lists of mappings.</exception>
    public static HelmIndex Parse(string yaml, string source)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (Exception exception) when (exception is YamlException or InvalidOperationException)
        {
            throw new HelmRepositoryException($"{source} is not valid YAML ({exception.Message}): it is not a Helm repository index; fix or remove it.", exception);
        }

        var root = stream.Documents.FirstOrDefault()?.RootNode as YamlMappingNode
            ?? throw new HelmRepositoryException($"{source} holds no mapping (apiVersion, entries, generated): it is not a Helm repository index; fix or remove it.");
        var index = new HelmIndex(source);
        foreach (var (keyNode, value) in root.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? throw new HelmRepositoryException($"{source}: a key at line {keyNode.Start.Line} is not a plain value.");
            switch (key)
            {
                case "apiVersion":
                    if ((value as YamlScalarNode)?.Value != ApiVersion)
                    {
                        throw new HelmRepositoryException($"{source} has apiVersion '{(value as YamlScalarNode)?.Value}' where a Helm repository index has {ApiVersion}.");
                    }

                    break;
                case "generated":
                    index._generated = (value as YamlScalarNode)?.Value;
                    break;
                case "entries":
                    index.ReadEntries(value);
                    break;
                default:
                    index._others.Add((key, value));
                    break;
            }
        }

        if (!root.Children.ContainsKey(new YamlScalarNode("apiVersion")))
        {
            throw new HelmRepositoryException($"{source} has no apiVersion: a Helm repository index says apiVersion: {ApiVersion}.");
        }

        return index;
    }

    /// <summary>The versions of <paramref name="chart"/>, newest first.</summary>
    public IReadOnlyList<HelmIndexEntry> Versions(string chart) => _entries.TryGetValue(chart, out var versions) ? versions : [];

    public HelmIndexEntry? Find(string chart, string version) => Versions(chart).FirstOrDefault(entry => entry.Version == version);

    /// <summary>Adds <paramref name="entry"/>; an entry of the same version is kept when its digest is the same, else refused unless <paramref name="force"/>.</summary>
    /// <exception cref="HelmRepositoryException">the index has the version with another digest, and not forced.</exception>
    public IndexChange Add(HelmIndexEntry entry, bool force)
    {
        var versions = _entries.TryGetValue(entry.Name, out var list) ? list : _entries[entry.Name] = [];
        var existing = versions.FindIndex(candidate => candidate.Version == entry.Version);
        if (existing >= 0 && versions[existing].Digest == entry.Digest)
        {
            return IndexChange.Unchanged;
        }

        if (existing >= 0 && !force)
        {
            throw new HelmRepositoryException(
                $"{Source} already has {entry.Name} {entry.Version} with digest {versions[existing].Digest}, but this build's package has digest {entry.Digest}: an entry of a Helm repository is never changed, so nothing was written. "
                + "Find out why the build differs (a release build is reproducible), or run again with --force to replace the entry (people may already have installed the other package).");
        }

        if (existing >= 0)
        {
            versions.RemoveAt(existing);
        }

        versions.Add(entry);
        Sort(versions);
        _generated = Later(_generated, entry.Created);
        return existing >= 0 ? IndexChange.Replaced : IndexChange.Added;
    }

    /// <summary>The index as YAML: keys sorted as helm writes them, charts by name, versions newest first.</summary>
    public string ToYaml()
    {
        var root = new List<(string Key, YamlNode Value)>(_others)
        {
            ("apiVersion", new YamlScalarNode(ApiVersion)),
            ("entries", new YamlMappingNode(_entries.Select(pair => new KeyValuePair<YamlNode, YamlNode>(
                new YamlScalarNode(pair.Key),
                new YamlSequenceNode(pair.Value.Select(entry => (YamlNode)entry.Node)))))),
        };
        if (_generated is not null)
        {
            root.Add(("generated", HelmIndexEntry.Text(_generated)));
        }

        var writer = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        var emitter = new Emitter(writer, new EmitterSettings(2, int.MaxValue, false, 1024, false, false, "\n"));
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart());
        emitter.Emit(new MappingStart());
        foreach (var (key, value) in root.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            Emit(emitter, new YamlScalarNode(key));
            Emit(emitter, value);
        }

        emitter.Emit(new MappingEnd());
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        return writer.ToString();
    }

    /// <summary>
    /// Reads back what was written (<paramref name="yaml"/>) and requires <paramref name="expected"/>'s version with its
    /// digest in it: the check after every write.
    /// </summary>
    public static HelmIndexEntry RequireEntry(string yaml, string source, HelmIndexEntry expected)
    {
        var entry = Parse(yaml, source).Find(expected.Name, expected.Version)
            ?? throw new HelmRepositoryException($"{source} was written but has no entry {expected.Name} {expected.Version} when read back.");
        return entry.Digest == expected.Digest
            ? entry
            : throw new HelmRepositoryException($"{source} has {expected.Name} {expected.Version} with digest {entry.Digest} when read back, where the package's is {expected.Digest}.");
    }

    private void ReadEntries(YamlNode node)
    {
        if (node is YamlScalarNode { Value: null or "" or "~" or "null" })
        {
            return;
        }

        var entries = node as YamlMappingNode ?? throw new HelmRepositoryException($"{Source}: entries (line {node.Start.Line}) is not a mapping of chart names to lists.");
        foreach (var (nameNode, versionsNode) in entries.Children)
        {
            var name = (nameNode as YamlScalarNode)?.Value ?? throw new HelmRepositoryException($"{Source}: a chart name under entries (line {nameNode.Start.Line}) is not a plain value.");
            var versions = versionsNode as YamlSequenceNode ?? throw new HelmRepositoryException($"{Source}: entries.{name} (line {versionsNode.Start.Line}) is not a list.");
            var list = versions.Children
                .Select(item => item as YamlMappingNode ?? throw new HelmRepositoryException($"{Source}: an entry of {name} (line {item.Start.Line}) is not a mapping."))
                .Select(mapping => HelmIndexEntry.Of(name, mapping))
                .ToList();
            Sort(list);
            _entries[name] = list;
        }
    }

    /// <summary>helm's SortEntries: newest SemVer first; what is no SemVer last, in its order.</summary>
    private static void Sort(List<HelmIndexEntry> versions)
    {
        var sorted = versions
            .Select((entry, position) => (Entry: entry, Position: position, Version: SemVersion.TryParse(entry.Version.TrimStart('v'), SemVersionStyles.Any, out var parsed) ? parsed : null))
            .OrderBy(item => item.Version is null)
            .ThenByDescending(item => item.Version, Comparer<SemVersion?>.Create((a, b) => SemVersion.ComparePrecedence(a, b)))
            .ThenBy(item => item.Position)
            .Select(item => item.Entry)
            .ToList();
        versions.Clear();
        versions.AddRange(sorted);
    }

    private static string Later(string? generated, string created) =>
        generated is not null && Time(generated) is { } current && Time(created) is { } candidate && current >= candidate ? generated : created;

    private static DateTimeOffset? Time(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var time) ? time : null;

    private static void Emit(IEmitter emitter, YamlNode node)
    {
        switch (node)
        {
            case YamlScalarNode scalar:
                var plain = scalar.Style is ScalarStyle.Plain or ScalarStyle.Any;
                emitter.Emit(new Scalar(AnchorName.Empty, scalar.Tag, scalar.Value ?? string.Empty, scalar.Style, scalar.Tag.IsEmpty && plain, scalar.Tag.IsEmpty && !plain));
                break;
            case YamlSequenceNode sequence:
                emitter.Emit(new SequenceStart(AnchorName.Empty, sequence.Tag, sequence.Tag.IsEmpty, SequenceStyle.Block));
                foreach (var item in sequence.Children)
                {
                    Emit(emitter, item);
                }

                emitter.Emit(new SequenceEnd());
                break;
            case YamlMappingNode mapping:
                emitter.Emit(new MappingStart(AnchorName.Empty, mapping.Tag, mapping.Tag.IsEmpty, MappingStyle.Block));
                foreach (var (key, value) in mapping.Children)
                {
                    Emit(emitter, key);
                    Emit(emitter, value);
                }

                emitter.Emit(new MappingEnd());
                break;
            default:
                throw new HelmRepositoryException($"An index entry holds an alias (line {node.Start.Line}); Helm repository indexes do not use anchors.");
        }
    }
}
