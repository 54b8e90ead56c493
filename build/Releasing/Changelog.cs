using System.Text.RegularExpressions;

namespace Build.Releasing;

/// <summary>The section of a Keep a Changelog file (## [1.2.3] - 2026-11-25) for one version.</summary>
public static partial class Changelog
{
    /// <summary>The section's body (without its heading), trimmed; null when the file has no section for the version.</summary>
    public static string? SectionFor(string changelog, string version)
    {
        var lines = changelog.Replace("\r\n", "\n").Split('\n');
        var start = Array.FindIndex(lines, line => Heading().Match(line) is { Success: true } match && Same(match.Groups["version"].Value, version));
        if (start < 0)
        {
            return null;
        }

        var body = lines.Skip(start + 1)
            .TakeWhile(line => !line.StartsWith("## ", StringComparison.Ordinal))
            .Where(line => !LinkReference().IsMatch(line));
        return string.Join('\n', body).Trim();
    }

    private static bool Same(string heading, string version) =>
        string.Equals(heading.TrimStart('v', 'V'), version.TrimStart('v', 'V'), StringComparison.Ordinal);

    [GeneratedRegex(@"^##\s+\[?(?<version>[vV]?[0-9][^\]\s]*)\]?")]
    private static partial Regex Heading();

    /// <summary>The link definitions at the end of a changelog ([1.2.3]: https://...), which belong to no section.</summary>
    [GeneratedRegex(@"^\[[^\]]+\]:\s*\S+")]
    private static partial Regex LinkReference();
}
