namespace Build.Tests.Support;

/// <summary>
/// Reads a GITHUB_OUTPUT (or GITHUB_ENV) file as the Actions runner does: <c>NAME=VALUE</c> lines, and
/// <c>NAME&lt;&lt;DELIMITER</c> followed by the value's lines and a line holding only the delimiter. A malformed file throws.
/// </summary>
public static class ActionsFileCommands
{
    public static IReadOnlyDictionary<string, string> Parse(string text)
    {
        var values = new Dictionary<string, string>();
        var lines = text.Split('\n');
        for (var index = 0; index < lines.Length; index++)
        {
            var line = lines[index];
            if (line.Length == 0)
            {
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            var heredoc = line.IndexOf("<<", StringComparison.Ordinal);
            if (equals > 0 && (heredoc < 0 || equals < heredoc))
            {
                values[line[..equals]] = line[(equals + 1)..];
                continue;
            }

            if (heredoc <= 0)
            {
                throw new FormatException($"Line {index + 1} is neither NAME=VALUE nor NAME<<DELIMITER: '{line}'");
            }

            var name = line[..heredoc];
            var delimiter = line[(heredoc + 2)..];
            var value = new List<string>();
            while (true)
            {
                if (++index >= lines.Length)
                {
                    throw new FormatException($"The value of '{name}' has no closing delimiter '{delimiter}'");
                }

                if (lines[index] == delimiter)
                {
                    break;
                }

                value.Add(lines[index]);
            }

            values[name] = string.Join('\n', value);
        }

        return values;
    }
}
