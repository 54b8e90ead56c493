namespace Build.Scanning;

/// <summary>Trivy's severity names, most severe first, and the parsing of a list of them from settings.</summary>
public static class Severity
{
    public const string Critical = "CRITICAL";
    public const string High = "HIGH";
    public const string Medium = "MEDIUM";
    public const string Low = "LOW";
    public const string Unknown = "UNKNOWN";

    public static IReadOnlyList<string> All { get; } = [Critical, High, Medium, Low, Unknown];

    /// <summary>0 for CRITICAL up to 4 for UNKNOWN; a name trivy does not use sorts last.</summary>
    public static int Rank(string severity)
    {
        var index = All.ToList().IndexOf(severity.ToUpperInvariant());
        return index < 0 ? All.Count : index;
    }

    /// <summary>Parses "CRITICAL,HIGH" (any case, spaces allowed); an unknown name fails naming <paramref name="source"/>.</summary>
    public static IReadOnlySet<string> ParseList(string text, string source)
    {
        var names = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(name => name.ToUpperInvariant())
            .ToList();
        var unknown = names.Where(name => !All.Contains(name)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"{source}: '{string.Join(", ", unknown)}' is not a severity; use any of {string.Join(", ", All)}.", nameof(text));
        }

        return names.ToHashSet(StringComparer.OrdinalIgnoreCase);
    }
}
