using System.Text.Json.Nodes;

namespace Build.Provenance;

/// <summary>What a verifier reads from a SLSA v1 provenance predicate: the build type, the builder, the run and the source commit.</summary>
public sealed record ProvenanceFacts(string? BuildType, string? BuilderId, string? InvocationId, string? GitCommit)
{
    /// <summary>Reads <paramref name="predicate"/>; a field that is missing or not a string reads as null.</summary>
    public static ProvenanceFacts Read(JsonNode predicate)
    {
        var definition = predicate["buildDefinition"];
        var run = predicate["runDetails"];
        var commit = (definition?["resolvedDependencies"] as JsonArray)?
            .Select(dependency => Text(dependency?["digest"]?["gitCommit"]))
            .FirstOrDefault(value => value is not null);
        return new ProvenanceFacts(Text(definition?["buildType"]), Text(run?["builder"]?["id"]), Text(run?["metadata"]?["invocationId"]), commit);
    }

    /// <summary>Reads a provenance file; a file that is not JSON throws <see cref="FormatException"/> naming it.</summary>
    public static ProvenanceFacts ReadFile(string path)
    {
        try
        {
            return Read(JsonNode.Parse(File.ReadAllText(path)) ?? throw new FormatException($"{path} holds JSON null, not a SLSA provenance predicate."));
        }
        catch (System.Text.Json.JsonException exception)
        {
            throw new FormatException($"{path} is not JSON ({exception.Message}); it should be the SLSA provenance predicate the Sign task wrote.", exception);
        }
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
