namespace Cake.Frosting.Internal;

/// <summary>"Did you mean ...?": the known name closest to a mistyped one, by edit distance, when it is close enough.</summary>
internal static class Spelling
{
    public static string? Closest(string typed, IEnumerable<string> known)
    {
        // One edit in a short name, about one in three in a long one: Relase → Release, taget → target, not Deploy → Release.
        var allowed = Math.Max(1, typed.Length / 3);
        return known
            .Select(name => (Name: name, Distance: Distance(typed.ToLowerInvariant(), name.ToLowerInvariant())))
            .Where(candidate => candidate.Distance <= allowed)
            .OrderBy(candidate => candidate.Distance)
            .ThenBy(candidate => candidate.Name, StringComparer.Ordinal)
            .Select(candidate => candidate.Name)
            .FirstOrDefault();
    }

    /// <summary>" (did you mean X?)", or nothing when no known name is close.</summary>
    public static string Suggestion(string typed, IEnumerable<string> known, string prefix = "") =>
        Closest(typed, known) is { } closest ? $" (did you mean {prefix}{closest}?)" : string.Empty;

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours.</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
