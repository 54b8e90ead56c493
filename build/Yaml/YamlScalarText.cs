using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Build.Yaml;

/// <summary>How a plain (unquoted) scalar is read: YAML 1.1 and 1.2 readers both count, since helm's reader is 1.1 and others are 1.2.</summary>
internal enum PlainScalarType
{
    String,
    Null,
    Boolean,
    Integer,
    Float,
    Other,
}

/// <summary>Writes a new value in place of an existing scalar, in the old scalar's quoting style where that is safe.</summary>
internal static partial class YamlScalarText
{
    /// <summary>
    /// The text for <paramref name="value"/> replacing <paramref name="original"/>. A plain scalar stays plain when the
    /// new text is unambiguous and reads as a string or as the same type as before (a replica count stays a number);
    /// otherwise it is double-quoted, so that a tag such as 1.10 is never read as a number.
    /// </summary>
    public static string Replacement(Scalar original, string value) => original.Style switch
    {
        ScalarStyle.DoubleQuoted => DoubleQuoted(value),
        ScalarStyle.SingleQuoted => CanBeSingleQuoted(value) ? "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'" : DoubleQuoted(value),
        _ => CanStayPlain(original.Value, value) ? value : DoubleQuoted(value),
    };

    /// <summary>True when writing <paramref name="value"/> changes nothing a reader sees.</summary>
    public static bool IsUnchanged(Scalar original, string value) =>
        original.Value == value
        // An empty plain scalar is null, not the empty string: setting "" must write "".
        && !(original.Style == ScalarStyle.Plain && value.Length == 0);

    public static PlainScalarType TypeOfPlain(string text)
    {
        var type = text.Length == 0 || NullPattern().IsMatch(text) ? PlainScalarType.Null
            : BooleanPattern().IsMatch(text) ? PlainScalarType.Boolean
            : IntegerPattern().IsMatch(text) ? PlainScalarType.Integer
            : FloatPattern().IsMatch(text) ? PlainScalarType.Float
            : PlainScalarType.String;

        // Stryker disable once all : Other and String are alike to every caller (Other only says "not null"; "<<" and "=" never stay plain), kept to name YAML 1.1's merge and value keys
        return text is "<<" or "=" ? PlainScalarType.Other : type;
    }

    public static string DoubleQuoted(string value)
    {
        var builder = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            builder.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\0' => "\\0",
                '\a' => "\\a",
                '\b' => "\\b",
                '\t' => "\\t",
                '\n' => "\\n",
                '\v' => "\\v",
                '\f' => "\\f",
                '\r' => "\\r",
                '\u001b' => "\\e",
                '\u0085' => "\\N",
                '\u2028' => "\\L",
                '\u2029' => "\\P",
                < ' ' or '\u007f' => "\\x" + ((int)c).ToString("X2", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }

        return builder.Append('"').ToString();
    }

    private static bool CanStayPlain(string originalValue, string value)
    {
        if (!SafePlainPattern().IsMatch(value))
        {
            return false;
        }

        var type = TypeOfPlain(value);
        return type == PlainScalarType.String || type == TypeOfPlain(originalValue);
    }

    private static bool CanBeSingleQuoted(string value) =>
        !value.Any(c => char.IsControl(c) || c is '\u2028' or '\u2029');

    [GeneratedRegex("^(~|null|Null|NULL)$")]
    private static partial Regex NullPattern();

    [GeneratedRegex("^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$")]
    private static partial Regex BooleanPattern();

    // Decimal, octal (0o17 and 1.1's 017), hex, binary and 1.1's sexagesimal 1:30, with 1.1's underscores.
    [GeneratedRegex("^[-+]?(0b[01_]+|0o[0-7_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*|[1-9][0-9_]*(:[0-5]?[0-9])+)$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^([-+]?(\.[0-9][0-9_]*|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$")]
    private static partial Regex FloatPattern();

    // Letters, digits and a few punctuation marks that mean nothing to YAML, single spaces between words; no ':' or '#'.
    [GeneratedRegex(@"^[\p{L}\p{N}_./+][\p{L}\p{N}_./+=@-]*( [\p{L}\p{N}_./+=@-]+)*$")]
    private static partial Regex SafePlainPattern();
}
