using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Build.Registry;

/// <summary>The JSON shape of OCI documents: camelCase, no nulls, compact, annotations in key order (as Go's encoder writes maps).</summary>
internal static class OciJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        // Media types carry '+', which the default encoder would write as \u002B.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new SortedAnnotationsConverter() },
    };

    /// <summary>Parses <paramref name="json"/> as <typeparamref name="T"/>, naming <paramref name="what"/> when it is not one.</summary>
    public static T Parse<T>(ReadOnlySpan<byte> json, string what)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, Options) ?? throw new InvalidDataException($"The document is not an {what}: it is JSON null.");
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"The document is not an {what}: {exception.Message}", exception);
        }
    }

    public static byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

    private sealed class SortedAnnotationsConverter : JsonConverter<IReadOnlyDictionary<string, string>>
    {
        public override IReadOnlyDictionary<string, string> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            JsonSerializer.Deserialize<Dictionary<string, string>>(ref reader) ?? throw new JsonException("annotations must be an object of strings.");

        public override void Write(Utf8JsonWriter writer, IReadOnlyDictionary<string, string> value, JsonSerializerOptions options)
        {
            writer.WriteStartObject();
            foreach (var (key, text) in value.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            {
                writer.WriteString(key, text);
            }

            writer.WriteEndObject();
        }
    }
}
