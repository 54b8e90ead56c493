using System.Text.Json;

namespace Build.Scanning;

/// <summary>The JSON reading shared by the report parsers: one error shape that names the report.</summary>
internal static class ReportJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNameCaseInsensitive = false,
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    public static T Deserialize<T>(string json, string source, string expected)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, Options)
                ?? throw new ReportFormatException($"{source} is empty (null); expected {expected}.");
        }
        catch (JsonException exception)
        {
            throw new ReportFormatException($"{source} is not valid JSON ({exception.Message}); expected {expected}.", exception);
        }
    }

    public static string ReadFile(string path, string what)
    {
        if (!File.Exists(path))
        {
            throw new ReportFormatException($"The {what} {path} does not exist: run the step that writes it first.");
        }

        return File.ReadAllText(path);
    }
}
