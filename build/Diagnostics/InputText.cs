using System.Text.RegularExpressions;

namespace Build.Diagnostics;

/// <summary>How an error message quotes a value the user gave: never when it looks like key material (a PEM block, a long base64 run).</summary>
public static partial class InputText
{
    public const string NotShown = "(a value that looks like key material; not shown)";

    /// <summary><c>'value'</c>, or <see cref="NotShown"/> for a value that looks like a key or a token's body.</summary>
    public static string Quote(string value) => LooksLikeKeyMaterial(value) ? NotShown : $"'{value}'";

    /// <summary>Longer values are never quoted (and never scanned: the base64 test is quadratic in the worst case).</summary>
    public const int MaxQuotedLength = 4096;

    public static bool LooksLikeKeyMaterial(string value) =>
        value.Length > MaxQuotedLength
        || value.Contains("-----BEGIN", StringComparison.Ordinal) || value.Contains("PRIVATE KEY", StringComparison.OrdinalIgnoreCase) || LongBase64().IsMatch(value);

    /// <summary>A run of 40+ base64 characters that is not just hex (digests are hex and may be shown).</summary>
    [GeneratedRegex(@"(?=[A-Za-z0-9+/]{40,})(?![0-9a-f]{40,}(?![A-Za-z0-9+/]))[A-Za-z0-9+/]{40,}={0,2}")]
    private static partial Regex LongBase64();
}
