using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Build.Verification;

/// <summary>Reading YAML files for the checks: every document of a file, with the line of each node.</summary>
internal static partial class YamlFiles
{
    /// <summary>All documents of a YAML file; a syntax error throws <see cref="YamlException"/> with its position.</summary>
    public static IReadOnlyList<YamlDocument> Load(string path)
    {
        var stream = new YamlStream();
        using var reader = File.OpenText(path);
        var scanner = new Scanner(reader);
        try
        {
            stream.Load(new Parser(scanner));
        }
        catch (SyntaxErrorException exception) when (scanner.CurrentPosition.Line > exception.End.Line)
        {
            // Some syntax errors carry the position of the enclosing construct; the scanner knows where it stopped.
            throw new YamlException(exception.Start, scanner.CurrentPosition, PositionPrefix().Replace(exception.Message, string.Empty).Trim());
        }
        catch (InvalidOperationException exception)
        {
            // YamlDotNet's scanner gives up on some malformed input without a YamlException; keep where it stopped.
            throw new YamlException(scanner.CurrentPosition, scanner.CurrentPosition, "the YAML parser could not read past this point", exception);
        }

        return [.. stream.Documents];
    }

    /// <summary>The first document's root mapping, or null when the file has none.</summary>
    public static YamlMappingNode? LoadMapping(string path) => Load(path).FirstOrDefault()?.RootNode as YamlMappingNode;

    public static YamlNode? Child(this YamlNode? node, string key) =>
        node is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public static string? Scalar(this YamlNode? node) => (node as YamlScalarNode)?.Value;

    public static IEnumerable<YamlNode> Items(this YamlNode? node) => node is YamlSequenceNode sequence ? sequence.Children : [];

    public static int Line(this YamlNode node) => (int)node.Start.Line;

    /// <summary>Where the parser found the problem (a "While scanning ..." error starts where the construct began).</summary>
    public static int ErrorLine(YamlException exception) => (int)(exception.End.Line > 0 ? exception.End.Line : exception.Start.Line);

    /// <summary>A YAML error's own words, without YamlDotNet's "(Line: 1, Col: 2, Idx: 3) - (...): " prefix (the finding has the line).</summary>
    public static string Reason(YamlException exception)
    {
        var reason = PositionPrefix().Replace(exception.Message, string.Empty).Trim().TrimEnd('.');
        if (exception.Start.Line > 0 && exception.Start.Line != exception.End.Line)
        {
            reason += $" (in what starts on line {exception.Start.Line})";
        }

        return exception.InnerException is YamlException { Message: var inner } && !reason.Contains(inner, StringComparison.Ordinal)
            ? $"{reason} ({PositionPrefix().Replace(inner, string.Empty).Trim()})"
            : reason;
    }

    /// <summary>A path relative to the repository root, with forward slashes, as findings show it.</summary>
    public static string Relative(string root, string path) => Path.GetRelativePath(root, path).Replace('\\', '/');

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\):\s*")]
    private static partial Regex PositionPrefix();
}
