namespace Build.Tools;

/// <summary>What a tool run printed and how it ended.</summary>
public sealed record ToolResult(string Tool, int ExitCode, IReadOnlyList<string> Output, IReadOnlyList<string> Error)
{
    public bool Succeeded => ExitCode == 0;

    public string OutputText => string.Join('\n', Output);

    public string ErrorText => string.Join('\n', Error);
}

/// <summary>A tool ran and failed; the message carries the end of what it printed on stderr.</summary>
public sealed class ToolFailedException(ToolResult result, string? what = null)
    : Exception($"{what ?? result.Tool} failed with exit code {result.ExitCode}{Tail(result)}")
{
    public ToolResult Result { get; } = result;

    private static string Tail(ToolResult result)
    {
        var lines = (result.Error.Count > 0 ? result.Error : result.Output).Where(line => !string.IsNullOrWhiteSpace(line)).TakeLast(12).ToList();
        return lines.Count == 0 ? "." : ":" + Environment.NewLine + string.Join(Environment.NewLine, lines.Select(line => "  " + line));
    }
}
