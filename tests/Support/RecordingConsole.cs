using System.Globalization;
using Cake.Core;

namespace Build.Tests.Support;

/// <summary>A console that keeps what is written to it, standard output and error apart, for assertions on printed text.</summary>
public sealed class RecordingConsole : IConsole
{
    private readonly System.Text.StringBuilder _output = new();
    private readonly System.Text.StringBuilder _error = new();

    public string Output => _output.ToString();

    public string Error => _error.ToString();

    public IReadOnlyList<string> OutputLines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public ConsoleColor ForegroundColor { get; set; }

    public ConsoleColor BackgroundColor { get; set; }

    public bool SupportAnsiEscapeCodes => false;

    public void Write(string format, params object[] arg) => _output.Append(Format(format, arg));

    public void Write(string value) => _output.Append(value);

    public void WriteLine(string format, params object[] arg) => _output.Append(Format(format, arg)).Append('\n');

    public void WriteLine(string value) => _output.Append(value).Append('\n');

    public void WriteError(string format, params object[] arg) => _error.Append(Format(format, arg));

    public void WriteError(string value) => _error.Append(value);

    public void WriteErrorLine(string format, params object[] arg) => _error.Append(Format(format, arg)).Append('\n');

    public void WriteErrorLine(string value) => _error.Append(value).Append('\n');

    public void ResetColor()
    {
    }

    private static string Format(string format, object[] arg) => arg.Length == 0 ? format : string.Format(CultureInfo.InvariantCulture, format, arg);
}
