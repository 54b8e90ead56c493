using System.Text;

namespace Build.Yaml;

/// <summary>Key paths as messages and settings write them: <c>image.digest</c>, <c>spec.containers[0].image</c>.</summary>
public static class YamlPath
{
    /// <summary>Splits <c>a.b[0].c</c> into ["a", "b", "0", "c"].</summary>
    public static IReadOnlyList<string> Parse(string path)
    {
        var segments = new List<string>();
        foreach (var part in path.Split('.'))
        {
            var name = part;
            var bracket = name.IndexOf('[', StringComparison.Ordinal);
            var head = bracket < 0 ? name : name[..bracket];
            if (head.Length > 0)
            {
                segments.Add(head);
            }
            else if (bracket != 0 || segments.Count == 0)
            {
                throw new ArgumentException($"'{path}' is not a key path: write keys separated by dots and sequence items as [n], e.g. image.digest or spec.containers[0].image.", nameof(path));
            }

            for (var rest = bracket < 0 ? "" : name[bracket..]; rest.Length > 0;)
            {
                var close = rest.IndexOf(']', StringComparison.Ordinal);
                if (!rest.StartsWith('[') || close < 2 || !int.TryParse(rest[1..close], out _))
                {
                    throw new ArgumentException($"'{path}' is not a key path: '{rest}' is not an item index such as [0].", nameof(path));
                }

                segments.Add(rest[1..close]);
                rest = rest[(close + 1)..];
            }
        }

        return segments;
    }

    /// <summary>Writes ["a", "b", "0", "c"] as <c>a.b[0].c</c>.</summary>
    public static string Format(IEnumerable<string> path)
    {
        var builder = new StringBuilder();
        foreach (var segment in path)
        {
            if (IsIndex(segment))
            {
                builder.Append('[').Append(segment).Append(']');
            }
            else
            {
                builder.Append(builder.Length == 0 ? "" : ".").Append(segment);
            }
        }

        return builder.Length == 0 ? "(the document root)" : builder.ToString();
    }

    internal static bool IsIndex(string segment) => segment.Length > 0 && segment.All(char.IsAsciiDigit);
}
