using System.Globalization;

namespace Build.Scanning;

/// <summary>One accepted finding of a .trivyignore file, with the date its acceptance ends.</summary>
public sealed record TrivyIgnoreEntry(string Id, DateOnly? ExpiresOn, int Line)
{
    /// <summary>Trivy stops honouring an entry at midnight UTC starting its exp: date.</summary>
    public bool IsActiveOn(DateOnly today) => ExpiresOn is not { } expiry || today < expiry;
}

/// <summary>
/// A .trivyignore file as trivy reads it: one finding ID per line (CVE-..., GHSA-..., AVD-...), optionally followed by
/// <c>exp:YYYY-MM-DD</c>; blank lines and lines starting with # are skipped, and other words after the ID are ignored.
/// </summary>
public sealed record TrivyIgnoreFile(IReadOnlyList<TrivyIgnoreEntry> Entries)
{
    public static TrivyIgnoreFile Empty { get; } = new([]);

    /// <summary>The IDs still accepted on <paramref name="today"/>.</summary>
    public IReadOnlySet<string> ActiveIds(DateOnly today) =>
        Entries.Where(entry => entry.IsActiveOn(today)).Select(entry => entry.Id).ToHashSet(StringComparer.Ordinal);

    /// <summary>Entries whose acceptance has run out: the findings they hid count again.</summary>
    public IReadOnlyList<TrivyIgnoreEntry> Expired(DateOnly today) => Entries.Where(entry => !entry.IsActiveOn(today)).ToList();

    /// <summary>Reads <paramref name="path"/>, or an empty file when there is none (trivy treats a missing .trivyignore the same way).</summary>
    public static TrivyIgnoreFile Load(string path) => File.Exists(path) ? Parse(File.ReadAllText(path), path) : Empty;

    public static TrivyIgnoreFile Parse(string text, string source = ".trivyignore")
    {
        var entries = new List<TrivyIgnoreEntry>();
        var lines = text.Split('\n');
        for (var index = 0; index < lines.Length; index++)
        {
            var line = lines[index].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            entries.Add(new TrivyIgnoreEntry(fields[0], Expiry(fields.Skip(1), source, index + 1), index + 1));
        }

        return new TrivyIgnoreFile(entries);
    }

    private static DateOnly? Expiry(IEnumerable<string> fields, string source, int line)
    {
        var field = fields.FirstOrDefault(word => word.StartsWith("exp:", StringComparison.Ordinal));
        if (field is null)
        {
            return null;
        }

        return DateOnly.TryParseExact(field["exp:".Length..], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new ReportFormatException($"{source} line {line}: '{field}' is not an expiry date; write exp:YYYY-MM-DD (for example exp:2026-12-31).");
    }
}
