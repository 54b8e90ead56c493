using System.Text;
using YamlDotNet.Core;

namespace Build.Yaml;

/// <summary>
/// Reads and changes scalar values of YAML text in place: only the characters of the edited value change, so comments,
/// blank lines, key order, indentation and every other byte stay as they were. A path is a list of mapping keys, where a
/// number indexes a sequence (["image", "digest"], ["spec", "containers", "0", "image"]). Values inside flow collections
/// ({...}, [...]), block scalars (| and >), and values with an anchor, tag or alias are refused rather than rewritten.
/// </summary>
public static class YamlScalarEditor
{
    /// <summary>What messages call the text when the caller does not name its file.</summary>
    public const string DefaultSource = "the YAML text";

    /// <summary>The value at <paramref name="path"/> in the first document; null when there is no such key or the value is null (<c>~</c>, or nothing).</summary>
    /// <exception cref="YamlEditException">the text is not YAML, or the path leads to a mapping or sequence rather than a value.</exception>
    public static string? Get(string yaml, IReadOnlyList<string> path, string source = DefaultSource) =>
        YamlTree.Parse(yaml, source) is [var root, ..] ? ValueAt(root, path, source) : null;

    /// <summary>Sets the value at <paramref name="path"/> in the first document.</summary>
    /// <exception cref="YamlEditException">the key is missing, or the value cannot be edited in place (see the class summary).</exception>
    public static string Set(string yaml, IReadOnlyList<string> path, string value, string source = DefaultSource) =>
        SetMany(yaml, [(path, value)], source);

    /// <summary>Sets several values of the first document in one pass; the same path twice is an error.</summary>
    public static string SetMany(string yaml, IEnumerable<(IReadOnlyList<string> Path, string Value)> edits, string source = DefaultSource)
    {
        var documents = YamlTree.Parse(yaml, source);
        var root = documents.Count > 0 ? documents[0] : null;
        return Apply(yaml, edits.Select(edit => EditAt(yaml, root, edit.Path, edit.Value, source)), source);
    }

    /// <summary>
    /// Sets <paramref name="path"/> in every document for which <paramref name="predicate"/> is true, e.g.
    /// <c>document =&gt; document.Get("kind") == "DaemonSet"</c>. A chosen document without the key is an error, and so is
    /// choosing no document at all.
    /// </summary>
    public static string SetInDocuments(string yaml, Func<YamlDocumentView, bool> predicate, IReadOnlyList<string> path, string value, string source = DefaultSource)
    {
        var chosen = Documents(yaml, source).Where(predicate).ToList();
        if (chosen.Count == 0)
        {
            throw new YamlEditException($"No document of {source} is one the edit of {YamlPath.Format(path)} was meant for; check the file holds the manifest expected.");
        }

        return Apply(yaml, chosen.Select(document => EditAt(yaml, document.Root, path, value, $"{source} (document {document.Index + 1})")), source);
    }

    /// <summary>Every document of the stream, to choose from or read.</summary>
    public static IReadOnlyList<YamlDocumentView> Documents(string yaml, string source = DefaultSource) =>
        YamlTree.Parse(yaml, source).Select((root, index) => new YamlDocumentView(index, root, source)).ToList();

    /// <summary>Applies <see cref="SetMany"/> to a file, writing it only when something changed (keeping a byte order mark); true when it changed.</summary>
    public static bool SetManyInFile(string file, IEnumerable<(IReadOnlyList<string> Path, string Value)> edits) =>
        EditFile(file, text => SetMany(text, edits, file));

    /// <summary>Runs <paramref name="edit"/> over a UTF-8 file's text and writes the result back when it differs, keeping a byte order mark.</summary>
    internal static bool EditFile(string file, Func<string, string> edit)
    {
        var bytes = File.ReadAllBytes(file);
        var preamble = Encoding.UTF8.Preamble;
        var hasBom = bytes.AsSpan().StartsWith(preamble);
        string text;
        try
        {
            // Decoding only: UTF-8 that throws on invalid bytes (whether it would write a byte order mark does not apply).
            text = Encoding.GetEncoding("utf-8", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback).GetString(hasBom ? bytes[preamble.Length..] : bytes);
        }
        catch (DecoderFallbackException exception)
        {
            throw new YamlEditException($"{file} is not UTF-8 text; save it as UTF-8.", exception);
        }

        var edited = edit(text);
        if (edited == text)
        {
            return false;
        }

        File.WriteAllBytes(file, [.. hasBom ? preamble : [], .. Encoding.UTF8.GetBytes(edited)]);
        return true;
    }

    internal static string? ValueAt(YamlTreeNode root, IReadOnlyList<string> path, string source, bool collectionIsNull = false)
    {
        var (target, _) = Locate(root, path, source);
        return target?.Node switch
        {
            null => null,
            not ScalarNode when collectionIsNull => null,
            ScalarNode scalar when scalar.Event.Style == ScalarStyle.Plain && YamlScalarText.TypeOfPlain(scalar.Event.Value) == PlainScalarType.Null => null,
            ScalarNode scalar => scalar.Event.Value,
            var other => throw new YamlEditException($"{source}: {YamlPath.Format(path)} is {other.Description}, not a single value; give the path of a value below it."),
        };
    }

    internal static TextEdit? EditAt(string yaml, YamlTreeNode? root, IReadOnlyList<string> path, string value, string source)
    {
        var where = YamlPath.Format(path);
        var (target, missing) = root is null
            ? (null, $"{source} has no document, so it has no key {where}")
            : Locate(root, path, source);
        if (target is null)
        {
            throw new YamlEditException($"{missing}. Add the key to the file (e.g. `{path[^1]}: \"\"`) or correct the key path.");
        }

        var line = (target.Key ?? target.Node).Start.Line;
        if (target.Node is not ScalarNode scalar)
        {
            throw new YamlEditException($"{source}: {where} (line {line}) is {target.Node.Description}, not a single value; give the path of a value below it.");
        }

        if (target.FlowCollection is { } flow)
        {
            throw new YamlEditException($"{source}: {where} (line {line}) is inside {flow.Description}, which is not edited in place; write that part as block YAML (one key per line) or set the value by hand.");
        }

        if (scalar.Event.Style is ScalarStyle.Literal or ScalarStyle.Folded)
        {
            throw new YamlEditException($"{source}: {where} (line {line}) is {scalar.Description}, which is not edited in place; write it as a one-line value or set it by hand.");
        }

        if (!scalar.Event.Anchor.IsEmpty || !scalar.Event.Tag.IsEmpty)
        {
            throw new YamlEditException($"{source}: {where} (line {line}) carries an anchor (&) or tag (!), which is not edited in place; remove it or set the value by hand.");
        }

        if (YamlScalarText.IsUnchanged(scalar.Event, value))
        {
            return null;
        }

        var text = YamlScalarText.Replacement(scalar.Event, value);
        if (!scalar.IsImplicitEmpty)
        {
            return new TextEdit((int)scalar.Start.Index, (int)scalar.End.Index, text, where);
        }

        // "key:" has no characters to replace: the new value goes after the colon.
        var colon = target.Key is { } key ? ColonAfter(yaml, (int)key.End.Index) : -1;
        if (colon < 0)
        {
            throw new YamlEditException($"{source}: {where} (line {line}) is an empty item, which is not edited in place; give it a value (e.g. \"\") first.");
        }

        return new TextEdit(colon + 1, colon + 1, " " + text, where);
    }

    internal static string Apply(string yaml, IEnumerable<TextEdit?> edits, string source)
    {
        var ordered = edits.OfType<TextEdit>().OrderBy(edit => edit.Start).ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            if (ordered[i].Start < ordered[i - 1].End || ordered[i].Start == ordered[i - 1].Start)
            {
                throw new YamlEditException($"{source}: {ordered[i].Path} is set twice in one edit; set each value once.");
            }
        }

        var builder = new StringBuilder(yaml.Length + 64);
        var position = 0;
        foreach (var edit in ordered)
        {
            builder.Append(yaml, position, edit.Start - position).Append(edit.Text);
            position = edit.End;
        }

        return builder.Append(yaml, position, yaml.Length - position).ToString();
    }

    private static int ColonAfter(string yaml, int index)
    {
        while (index < yaml.Length && yaml[index] is ' ' or '\t')
        {
            index++;
        }

        return index < yaml.Length && yaml[index] == ':' ? index : -1;
    }

    /// <summary>Follows <paramref name="path"/> from <paramref name="root"/>: the node found, or null and why not.</summary>
    internal static (YamlTarget? Target, string Missing) Locate(YamlTreeNode root, IReadOnlyList<string> path, string source)
    {
        var node = root;
        ScalarNode? key = null;
        YamlTreeNode? flow = null;
        for (var depth = 0; depth < path.Count; depth++)
        {
            var segment = path[depth];
            var parent = depth == 0 ? "the document root" : YamlPath.Format(path.Take(depth));
            var missing = $"{source} has no key {YamlPath.Format(path)}";
            switch (node)
            {
                case MappingNode mapping:
                    var matches = mapping.Entries.Where(entry => entry.Key is ScalarNode scalar && scalar.Event.Value == segment).ToList();
                    if (matches.Count == 0)
                    {
                        return (null, $"{missing}: '{segment}' is missing under {parent}");
                    }

                    if (matches.Count > 1)
                    {
                        throw new YamlEditException($"{source}: '{segment}' appears twice under {parent} (lines {matches[0].Key.Start.Line} and {matches[1].Key.Start.Line}); YAML allows a key once, so remove one.");
                    }

                    flow ??= mapping.IsFlow ? mapping : null;
                    key = (ScalarNode)matches[0].Key;
                    node = matches[0].Value;
                    break;
                case SequenceNode sequence when YamlPath.IsIndex(segment):
                    if (!int.TryParse(segment, out var index) || index >= sequence.Items.Count)
                    {
                        return (null, $"{missing}: {parent} has {sequence.Items.Count} items, so there is no item {segment}");
                    }

                    flow ??= sequence.IsFlow ? sequence : null;
                    key = null;
                    node = sequence.Items[index];
                    break;
                default:
                    return (null, $"{missing}: {parent} is {node.Description}, not a mapping with key '{segment}'");
            }
        }

        // Stryker disable once String : the reason is read only when no node was found
        return (new YamlTarget(node, key, flow), "");
    }
}

/// <summary>A replacement of the characters [Start, End) of the text.</summary>
internal sealed record TextEdit(int Start, int End, string Text, string Path);

/// <summary>The node a path leads to, the key it stands under (for a mapping value), and the flow collection around it if any.</summary>
internal sealed record YamlTarget(YamlTreeNode Node, ScalarNode? Key, YamlTreeNode? FlowCollection);

/// <summary>One document of a YAML stream, for choosing which documents an edit applies to.</summary>
public sealed class YamlDocumentView
{
    private readonly string _source;

    internal YamlDocumentView(int index, YamlTreeNode root, string source)
    {
        Index = index;
        Root = root;
        _source = source;
    }

    /// <summary>Its position in the stream, from 0.</summary>
    public int Index { get; }

    internal YamlTreeNode Root { get; }

    /// <summary>The value at the path, or null when it is missing, null, or not a single value.</summary>
    public string? Get(params string[] path) => YamlScalarEditor.ValueAt(Root, path, _source, collectionIsNull: true);
}
