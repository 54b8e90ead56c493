using System.Globalization;
using Cake.Core.Diagnostics;

namespace Build.Diagnostics;

/// <summary>Cake's log with every secret value masked, whatever writes it (tasks, tools' command lines and errors, the host).</summary>
public sealed class MaskingLog(ICakeLog inner, SecretMasker masker) : ICakeLog
{
    public Verbosity Verbosity
    {
        get => inner.Verbosity;
        set => inner.Verbosity = value;
    }

    public void Write(Verbosity verbosity, LogLevel level, string format, params object[] args)
    {
        if (verbosity > inner.Verbosity)
        {
            return;
        }

        var text = args.Length == 0 ? format : string.Format(CultureInfo.InvariantCulture, format, args);
        var masked = masker.Apply(text);
        if (masked == text)
        {
            inner.Write(verbosity, level, format, args);
            return;
        }

        // The masked text is passed as a format with no arguments: braces in it are escaped.
        inner.Write(verbosity, level, masked.Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal));
    }
}
