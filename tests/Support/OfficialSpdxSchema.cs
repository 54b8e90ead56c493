using System.Text.Json.Nodes;

namespace Build.Tests.Support;

/// <summary>
/// The official SPDX JSON schemas shipped under tests/fixtures/spdx, applied with NJsonSchema: a validator independent
/// of the one the build uses (JsonSchema.Net).
/// </summary>
public static class OfficialSpdxSchema
{
    private static readonly Dictionary<string, Lazy<NJsonSchema.JsonSchema>> Schemas = new(StringComparer.Ordinal)
    {
        ["SPDX-2.2"] = new(() => Load("spdx-2.2.2-schema.json")),
        ["SPDX-2.3"] = new(() => Load("spdx-2.3-schema.json")),
    };

    /// <summary>The violations of the schema of the version the document declares; a missing or unknown version fails the test.</summary>
    public static IReadOnlyList<string> Errors(string json)
    {
        var version = JsonNode.Parse(json)?["spdxVersion"]?.GetValue<string>();
        Assert.That(version, Is.Not.Null.And.AnyOf("SPDX-2.2", "SPDX-2.3"), "the document must declare an SPDX version the official schemas here cover");
        return Schemas[version!].Value.Validate(json).Select(error => $"{error.Path}: {error.Kind}").ToList();
    }

    private static NJsonSchema.JsonSchema Load(string file) =>
        NJsonSchema.JsonSchema.FromFileAsync(Path.Combine(BuildProgram.RepositoryRoot, "tests", "fixtures", "spdx", file)).GetAwaiter().GetResult();
}
