using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Build.Yaml;

/// <summary>A node of a parsed YAML document, with the events that mark where it is in the text.</summary>
internal abstract record YamlTreeNode(Mark Start, Mark End)
{
    public abstract string Description { get; }
}

internal sealed record ScalarNode(Scalar Event) : YamlTreeNode(Event.Start, Event.End)
{
    /// <summary>Written as nothing at all (<c>key:</c>): there are no characters to replace, only a place to insert.</summary>
    public bool IsImplicitEmpty => Event.Style == ScalarStyle.Plain && Event.Value.Length == 0 && Start.Index == End.Index;

    public override string Description => Event.Style switch
    {
        ScalarStyle.Literal => "a literal block scalar (|)",
        ScalarStyle.Folded => "a folded block scalar (>)",
        _ => "a value",
    };
}

internal sealed record MappingNode(MappingStart Event, IReadOnlyList<(YamlTreeNode Key, YamlTreeNode Value)> Entries, Mark End)
    : YamlTreeNode(Event.Start, End)
{
    public bool IsFlow => Event.Style == MappingStyle.Flow;

    public override string Description => IsFlow ? "a flow mapping ({...})" : "a mapping";
}

internal sealed record SequenceNode(SequenceStart Event, IReadOnlyList<YamlTreeNode> Items, Mark End)
    : YamlTreeNode(Event.Start, End)
{
    public bool IsFlow => Event.Style == SequenceStyle.Flow;

    public override string Description => IsFlow ? "a flow sequence ([...])" : "a sequence";
}

internal sealed record AliasNode(AnchorAlias Event) : YamlTreeNode(Event.Start, Event.End)
{
    public override string Description => $"an alias (*{Event.Value})";
}

/// <summary>Reads a YAML stream into its documents' node trees with YamlDotNet's event parser, keeping every position.</summary>
internal static class YamlTree
{
    /// <summary>The root node of each document, in order (none for an empty stream).</summary>
    public static IReadOnlyList<YamlTreeNode> Parse(string yaml, string source)
    {
        var parser = new Parser(new StringReader(yaml));
        var documents = new List<YamlTreeNode>();
        try
        {
            parser.Consume<StreamStart>();
            while (parser.TryConsume<DocumentStart>(out _))
            {
                documents.Add(ReadNode(parser));
                parser.Consume<DocumentEnd>();
            }

            // Stryker disable once Statement : the loop stops only at a parsed event that is not a document start, and that is the stream end
            parser.Consume<StreamEnd>();
        }
        catch (YamlException exception)
        {
            throw new YamlEditException(
                $"{source} is not valid YAML (line {exception.Start.Line}, column {exception.Start.Column}): {exception.Message} Fix the file; yamllint shows the same place.",
                exception);
        }
        catch (InvalidOperationException exception)
        {
            // YamlDotNet's scanner fails this way on some malformed input (e.g. an unclosed [ before a "key: value" line).
            throw new YamlEditException($"{source} is not valid YAML: the parser stopped ({exception.Message}). Check it with yamllint.", exception);
        }

        return documents;
    }

    private static YamlTreeNode ReadNode(IParser parser)
    {
        if (parser.TryConsume<Scalar>(out var scalar))
        {
            return new ScalarNode(scalar);
        }

        if (parser.TryConsume<AnchorAlias>(out var alias))
        {
            return new AliasNode(alias);
        }

        if (parser.TryConsume<MappingStart>(out var mappingStart))
        {
            var entries = new List<(YamlTreeNode, YamlTreeNode)>();
            while (!parser.Accept<MappingEnd>(out _))
            {
                entries.Add((ReadNode(parser), ReadNode(parser)));
            }

            return new MappingNode(mappingStart, entries, parser.Consume<MappingEnd>().End);
        }

        var sequenceStart = parser.Consume<SequenceStart>();
        var items = new List<YamlTreeNode>();
        while (!parser.Accept<SequenceEnd>(out _))
        {
            items.Add(ReadNode(parser));
        }

        return new SequenceNode(sequenceStart, items, parser.Consume<SequenceEnd>().End);
    }
}
