using System.Text;
using System.Text.RegularExpressions;
using Build.Yaml;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Build.Charts;

/// <summary>A link Artifact Hub shows on the package page.</summary>
public sealed record ArtifactHubLink(string Name, string Url);

/// <summary>The facts of a release that Artifact Hub's annotations carry (https://artifacthub.io/docs/topics/annotations/helm/).</summary>
/// <param name="Images">name and full reference (with @sha256 digest where pinned) of every image the chart deploys.</param>
/// <param name="ChangelogSection">the release's CHANGELOG.md section (Keep a Changelog), or null when there is none.</param>
/// <param name="SignKey">fingerprint and URL of the public key of the .prov, or null when the chart is not Helm-signed.</param>
public sealed record ArtifactHubFacts(
    IReadOnlyList<(string Name, string Image)> Images,
    string? ChangelogSection,
    string License,
    bool Prerelease,
    (string Fingerprint, string Url)? SignKey,
    IReadOnlyList<ArtifactHubLink> Links);

/// <summary>
/// Writes Artifact Hub's annotations into the released copy's Chart.yaml as text, so its comments and every other line
/// stay as they are: added under an existing block <c>annotations:</c> mapping, or as a new one at the end. The YAML is
/// read back and every value compared. A committed images, prerelease or signKey annotation is refused (it would be a
/// stale fact); a committed changes, license or links annotation is the maintainer's wording and is kept.
/// </summary>
public static partial class ArtifactHubAnnotations
{
    public const string Images = "artifacthub.io/images";
    public const string Changes = "artifacthub.io/changes";
    public const string License = "artifacthub.io/license";
    public const string Prerelease = "artifacthub.io/prerelease";
    public const string SignKey = "artifacthub.io/signKey";
    public const string Links = "artifacthub.io/links";

    private static readonly string[] Computed = [Images, Prerelease, SignKey];

    /// <summary>Keep a Changelog's headings, as Artifact Hub's change kinds.</summary>
    private static readonly Dictionary<string, string> Kinds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Added"] = "added", ["Changed"] = "changed", ["Deprecated"] = "deprecated", ["Removed"] = "removed", ["Fixed"] = "fixed", ["Security"] = "security",
    };

    /// <summary>The annotations of <paramref name="facts"/>, in the order they are written; each value is the YAML text Artifact Hub parses.</summary>
    public static IReadOnlyList<(string Key, string Value)> For(ArtifactHubFacts facts)
    {
        var annotations = new List<(string, string)>
        {
            (Images, string.Concat(facts.Images.Select(image => $"- name: {YamlScalarText.DoubleQuoted(image.Name)}\n  image: {YamlScalarText.DoubleQuoted(image.Image)}\n"))),
        };
        if (facts.ChangelogSection is { } section && ChangesOf(section) is { Length: > 0 } changes)
        {
            annotations.Add((Changes, changes));
        }

        annotations.Add((License, facts.License));
        annotations.Add((Prerelease, facts.Prerelease ? "true" : "false"));
        if (facts.SignKey is { } key)
        {
            annotations.Add((SignKey, $"fingerprint: {key.Fingerprint}\nurl: {YamlScalarText.DoubleQuoted(key.Url)}\n"));
        }

        if (facts.Links.Count > 0)
        {
            annotations.Add((Links, string.Concat(facts.Links.Select(link => $"- name: {YamlScalarText.DoubleQuoted(link.Name)}\n  url: {YamlScalarText.DoubleQuoted(link.Url)}\n"))));
        }

        return annotations;
    }

    /// <summary>
    /// A changelog section as Artifact Hub's changes list: each bullet under ### Added/Changed/Deprecated/Removed/Fixed/Security
    /// becomes <c>- kind: ... description: ...</c> (continuation lines joined), a bullet under no such heading a description alone.
    /// </summary>
    public static string ChangesOf(string section)
    {
        var entries = new List<(string? Kind, StringBuilder Text)>();
        string? kind = null;
        foreach (var line in section.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            if (Heading().Match(line) is { Success: true } heading)
            {
                kind = Kinds.GetValueOrDefault(heading.Groups["name"].Value.Trim());
            }
            else if (Bullet().Match(line) is { Success: true } bullet)
            {
                entries.Add((kind, new StringBuilder(bullet.Groups["text"].Value.Trim())));
            }
            else if (entries.Count > 0 && line.StartsWith(' ') && line.Trim().Length > 0)
            {
                entries[^1].Text.Append(' ').Append(line.Trim());
            }
        }

        return string.Concat(entries.Select(entry => entry.Kind is { } name
            ? $"- kind: {name}\n  description: {YamlScalarText.DoubleQuoted(entry.Text.ToString())}\n"
            : $"- description: {YamlScalarText.DoubleQuoted(entry.Text.ToString())}\n"));
    }

    /// <summary>
    /// Chart.yaml's text with <paramref name="annotations"/> written in; returns the text and the keys kept as committed.
    /// </summary>
    /// <exception cref="ChartException">annotations is not a block mapping, or a computed annotation is committed.</exception>
    public static (string Yaml, IReadOnlyList<string> KeptAsCommitted) Apply(string chartYaml, IReadOnlyList<(string Key, string Value)> annotations, string source)
    {
        var root = ReadRoot(chartYaml, source);
        var existing = root.Children.TryGetValue(new YamlScalarNode("annotations"), out var node) ? node : null;
        var committed = existing is YamlMappingNode mapping ? mapping.Children.Keys.OfType<YamlScalarNode>().Select(key => key.Value!).ToHashSet(StringComparer.Ordinal) : [];
        if (committed.FirstOrDefault(Computed.Contains) is { } stale)
        {
            throw new ChartException($"{source} commits the annotation {stale}, which the release writes from what it pushed and signed; remove it from Chart.yaml.");
        }

        var kept = annotations.Where(annotation => committed.Contains(annotation.Key)).Select(annotation => annotation.Key).ToList();
        var written = annotations.Where(annotation => !committed.Contains(annotation.Key)).ToList();
        string edited;
        switch (existing)
        {
            case null:
                var text = chartYaml.Length == 0 || chartYaml.EndsWith('\n') ? chartYaml : chartYaml + "\n";
                edited = text + "annotations:\n" + Entries(written, "  ");
                break;
            case YamlMappingNode { Style: not MappingStyle.Flow } block when block.Children.Count > 0:
                var indent = new string(' ', (int)block.Children.Keys.First().Start.Column - 1);
                var at = LineStartAfter(chartYaml, block.Children.Values.Last().End);
                var lineEnd = at == chartYaml.Length && !chartYaml.EndsWith('\n') ? "\n" : string.Empty;
                edited = chartYaml[..at] + lineEnd + Entries(written, indent) + chartYaml[at..];
                break;
            default:
                throw new ChartException($"{source}: annotations (line {existing.Start.Line}) is not a block mapping with entries; write it one key per line (or remove an empty annotations:), so the release can add Artifact Hub's annotations.");
        }

        var readBack = ChartMetadata.Parse(edited, source + " (with Artifact Hub's annotations)").Annotations;
        foreach (var (key, value) in written)
        {
            if (!readBack.TryGetValue(key, out var read) || read != value)
            {
                throw new ChartException($"{source}: the annotation {key} did not read back as written; check the indentation of annotations in Chart.yaml.");
            }
        }

        return (edited, kept);
    }

    private static string Entries(IEnumerable<(string Key, string Value)> annotations, string indent)
    {
        var builder = new StringBuilder();
        foreach (var (key, value) in annotations)
        {
            if (value.Contains('\n'))
            {
                builder.Append(indent).Append(key).Append(": |\n");
                foreach (var line in value.TrimEnd('\n').Split('\n'))
                {
                    builder.Append(indent).Append("  ").Append(line).Append('\n');
                }
            }
            else
            {
                builder.Append(indent).Append(key).Append(": ").Append(YamlScalarText.DoubleQuoted(value)).Append('\n');
            }
        }

        return builder.ToString();
    }

    /// <summary>The index of the line after <paramref name="end"/> (a block scalar's end is already at a line start).</summary>
    private static int LineStartAfter(string yaml, Mark end)
    {
        var index = (int)end.Index;
        if (end.Column == 1 || index >= yaml.Length)
        {
            return Math.Min(index, yaml.Length);
        }

        var newline = yaml.IndexOf('\n', index);
        return newline < 0 ? yaml.Length : newline + 1;
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
            throw new ChartException($"{source} is not valid YAML (line {exception.Start.Line}): {exception.Message}");
        }

        return stream.Documents.FirstOrDefault()?.RootNode as YamlMappingNode ?? throw new ChartException($"{source} holds no mapping of keys.");
    }

    [GeneratedRegex(@"^###\s+(?<name>.+)$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"^[-*]\s+(?<text>.+)$")]
    private static partial Regex Bullet();
}
