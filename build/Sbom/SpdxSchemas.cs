using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Build.Sbom;

/// <summary>
/// The official SPDX JSON schemas (spdx/spdx-spec, schemas/spdx-schema.json at v2.2.2 and v2.3, embedded from
/// build/Sbom/Schemas): every SBOM the release attests is checked against the schema of the version it declares.
/// </summary>
public static class SpdxSchemas
{
    private static readonly Dictionary<string, string> Resources = new(StringComparer.Ordinal)
    {
        ["SPDX-2.2"] = "Spdx.spdx-2.2.2-schema.json",
        ["SPDX-2.3"] = "Spdx.spdx-2.3-schema.json",
    };

    private static readonly Dictionary<string, Lazy<JsonSchema>> Schemas = Resources.ToDictionary(
        pair => pair.Key,
        pair => new Lazy<JsonSchema>(() => Load(pair.Value)),
        StringComparer.Ordinal);

    public static IReadOnlyCollection<string> Versions => Resources.Keys;

    /// <summary>The schema violations of <paramref name="document"/> (empty when it validates); an undeclared or unknown version is one.</summary>
    public static IReadOnlyList<string> Problems(JsonNode document)
    {
        var version = (document as JsonObject)?["spdxVersion"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
        if (version is null || !Schemas.TryGetValue(version, out var schema))
        {
            return [$"spdxVersion is '{version ?? "(missing)"}'; the build has the official schemas of {string.Join(" and ", Versions)} only"];
        }

        using var json = JsonDocument.Parse(document.ToJsonString());
        var results = schema.Value.Evaluate(json.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid)
        {
            return [];
        }

        return (results.Details ?? []).Prepend(results)
            .Where(detail => detail.Errors is { Count: > 0 })
            .SelectMany(detail => detail.Errors!.Select(error => $"{(detail.InstanceLocation.ToString() is { Length: > 0 } at ? at : "/")}: {error.Value} ({error.Key} at {detail.EvaluationPath})"))
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Throws naming <paramref name="file"/> and the first violations unless the document validates against the schema of its version.</summary>
    public static void Require(JsonNode document, string file)
    {
        var problems = Problems(document);
        if (problems.Count > 0)
        {
            throw new InvalidDataException(
                $"{file} does not validate against the official SPDX JSON schema of the version it declares, so it is not attested: "
                + string.Join("; ", problems.Take(5)) + (problems.Count > 5 ? $"; and {problems.Count - 5} more" : string.Empty));
        }
    }

    private static JsonSchema Load(string resource)
    {
        using var stream = typeof(SpdxSchemas).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The build program lacks its embedded schema {resource} (build/Sbom/Schemas).");
        using var reader = new StreamReader(stream);
        // Each schema gets its own registry: both declare the same $id.
        return JsonSchema.FromText(reader.ReadToEnd(), new Json.Schema.BuildOptions { SchemaRegistry = new SchemaRegistry() });
    }
}
