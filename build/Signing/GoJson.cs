using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Build.Signing;

/// <summary>
/// JSON text as Go's encoding/json writes it, because cosign signs the bytes Go produced: compact, struct fields in
/// declaration order (the caller's order), map keys sorted by their UTF-8 bytes, '&lt;', '&gt;', '&amp;', U+2028 and
/// U+2029 escaped, and numbers that went through a Go map printed as float64.
/// </summary>
internal static class GoJson
{
    private const string Hex = "0123456789abcdef";

    /// <summary>A JSON object whose members keep the given order, as a Go struct marshals.</summary>
    public static string Struct(params (string Name, string Json)[] members) =>
        "{" + string.Join(",", members.Select(member => Quote(member.Name) + ":" + member.Json)) + "}";

    public static string Array(IEnumerable<string> elements) => "[" + string.Join(",", elements) + "]";

    /// <summary>As go-containerregistry marshals a descriptor: mediaType, size, digest, then annotations when there are any.</summary>
    public static string Descriptor(Registry.OciDescriptor descriptor)
    {
        var members = new List<(string Name, string Json)>
        {
            ("mediaType", Quote(descriptor.MediaType)),
            ("size", descriptor.Size.ToString(CultureInfo.InvariantCulture)),
            ("digest", Quote(descriptor.Digest)),
        };
        if (descriptor.Annotations is { Count: > 0 } annotations)
        {
            members.Add(("annotations", Map(annotations)));
        }

        return Struct([.. members]);
    }

    /// <summary>A Go map[string]string: keys sorted.</summary>
    public static string Map(IEnumerable<KeyValuePair<string, string>> entries) =>
        "{" + string.Join(",", entries.OrderBy(entry => entry.Key, Utf8Order.Instance).Select(entry => Quote(entry.Key) + ":" + Quote(entry.Value))) + "}";

    /// <summary>A value decoded into Go's interface{} and marshalled again: objects become maps (sorted keys).</summary>
    public static string Value(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject obj => "{" + string.Join(",", obj.OrderBy(member => member.Key, Utf8Order.Instance).Select(member => Quote(member.Key) + ":" + Value(member.Value))) + "}",
        JsonArray array => Array(array.Select(Value)),
        JsonValue value => Scalar(value),
        _ => throw new ArgumentException($"Unsupported JSON node {node.GetType().Name}.", nameof(node)),
    };

    public static string Quote(string text)
    {
        var builder = new StringBuilder(text.Length + 2).Append('"');
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '<' or '>' or '&' or '\u2028' or '\u2029' or < ' ': AppendUnicodeEscape(builder, c); break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                    {
                        builder.Append(c).Append(text[++i]);
                    }
                    else if (char.IsSurrogate(c))
                    {
                        // Go writes invalid UTF-8 as the replacement character.
                        builder.Append("\\ufffd");
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.Append('"').ToString();
    }

    private static void AppendUnicodeEscape(StringBuilder builder, char c) =>
        builder.Append("\\u").Append(Hex[c >> 12]).Append(Hex[(c >> 8) & 0xF]).Append(Hex[(c >> 4) & 0xF]).Append(Hex[c & 0xF]);

    private static string Scalar(JsonValue value) => value.GetValueKind() switch
    {
        JsonValueKind.String => Quote(value.GetValue<string>()),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "null",
        JsonValueKind.Number => Float64(double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture)),
        var kind => throw new ArgumentException($"Unsupported JSON value kind {kind}."),
    };

    /// <summary>Go's float64 encoding: shortest round-trip digits, exponent form below 1e-6 and from 1e21 on.</summary>
    private static string Float64(double number)
    {
        if (number == 0)
        {
            return double.IsNegative(number) ? "-0" : "0";
        }

        var sign = number < 0 ? "-" : string.Empty;
        var (digits, pointPosition) = ShortestDigits(Math.Abs(number));
        var absolute = Math.Abs(number);
        if (absolute < 1e-6 || absolute >= 1e21)
        {
            var exponent = pointPosition - 1;
            var mantissa = digits.Length == 1 ? digits : digits[0] + "." + digits[1..];
            var exponentText = exponent < 0
                ? "-" + (-exponent).ToString(CultureInfo.InvariantCulture)
                : "+" + exponent.ToString("00", CultureInfo.InvariantCulture);
            return sign + mantissa + "e" + exponentText;
        }

        if (pointPosition <= 0)
        {
            return sign + "0." + new string('0', -pointPosition) + digits;
        }

        return pointPosition >= digits.Length
            ? sign + digits + new string('0', pointPosition - digits.Length)
            : sign + digits[..pointPosition] + "." + digits[pointPosition..];
    }

    /// <summary>The significant digits of the shortest round-trip form and where the decimal point goes (0.DIGITS × 10^position).</summary>
    private static (string Digits, int PointPosition) ShortestDigits(double positive)
    {
        var text = positive.ToString("R", CultureInfo.InvariantCulture);
        var exponentAt = text.IndexOf('E');
        var exponent = exponentAt < 0 ? 0 : int.Parse(text[(exponentAt + 1)..], CultureInfo.InvariantCulture);
        var mantissa = exponentAt < 0 ? text : text[..exponentAt];
        var dot = mantissa.IndexOf('.');
        var integerDigits = dot < 0 ? mantissa.Length : dot;
        var allDigits = mantissa.Replace(".", string.Empty, StringComparison.Ordinal);
        var leadingZeros = allDigits.Length - allDigits.TrimStart('0').Length;
        var digits = allDigits.Trim('0');
        return (digits, integerDigits + exponent - leadingZeros);
    }

    /// <summary>Go sorts map keys by their UTF-8 bytes, which differs from UTF-16 order above U+D7FF.</summary>
    private sealed class Utf8Order : IComparer<string>
    {
        public static readonly Utf8Order Instance = new();

        public int Compare(string? x, string? y) =>
            Encoding.UTF8.GetBytes(x ?? string.Empty).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(y ?? string.Empty));
    }
}
