using Cake.Core;

namespace Build.Reporting;

/// <summary>
/// The console without colours or escape codes, for output that a person will not see on a terminal: NO_COLOR set
/// (https://no-color.org), or standard output going to a file or a pipe. GitHub Actions keeps its colours (its log
/// renders them although the output is a pipe), unless NO_COLOR says otherwise. Headers then use plain ASCII.
/// </summary>
public sealed class PlainConsole(IConsole inner) : IConsole
{
    public ConsoleColor ForegroundColor
    {
        get => inner.ForegroundColor;
        set { }
    }

    public ConsoleColor BackgroundColor
    {
        get => inner.BackgroundColor;
        set { }
    }

    public bool SupportAnsiEscapeCodes => false;

    /// <summary>Cake's console, or the plain one when colours would reach no terminal.</summary>
    public static IConsole Choose(IConsole console, Func<string, string?> environment, bool outputRedirected) =>
        IsPlain(environment, outputRedirected) ? new PlainConsole(console) : console;

    public static bool IsPlain(Func<string, string?> environment, bool outputRedirected) =>
        !string.IsNullOrEmpty(environment("NO_COLOR"))
        || (outputRedirected && !string.Equals(environment("GITHUB_ACTIONS"), "true", StringComparison.OrdinalIgnoreCase));

    public void Write(string format, params object[] arg) => inner.Write(format, arg);

    public void Write(string value) => inner.Write(value);

    public void WriteLine(string format, params object[] arg) => inner.WriteLine(format, arg);

    public void WriteLine(string value) => inner.WriteLine(value);

    public void WriteError(string format, params object[] arg) => inner.WriteError(format, arg);

    public void WriteError(string value) => inner.WriteError(value);

    public void WriteErrorLine(string format, params object[] arg) => inner.WriteErrorLine(format, arg);

    public void WriteErrorLine(string value) => inner.WriteErrorLine(value);

    public void ResetColor()
    {
    }
}
