using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Build.Provenance;

/// <summary>
/// A SLSA v1 provenance predicate (https://slsa.dev/provenance/v1): how the image was built (<see cref="BuildDefinition"/>)
/// and by whom, in which run (<see cref="RunDetails"/>). The in-toto statement around it (subject = the index digest) is
/// made by whoever attests it: cosign, or <see cref="Signing.InTotoStatement"/>.
/// </summary>
public sealed record ProvenancePredicate(BuildDefinition BuildDefinition, RunDetails RunDetails)
{
    public const string PredicateType = Signing.PredicateTypes.SlsaProvenanceV1;

    /// <summary>The predicate's JSON, in the field names of the SLSA v1 schema.</summary>
    public JsonObject ToJson() => new()
    {
        ["buildDefinition"] = BuildDefinition.ToJson(),
        ["runDetails"] = RunDetails.ToJson(),
    };

    /// <summary>The JSON indented, ending in a newline: what artifacts/provenance.slsa.json holds.</summary>
    public string ToJsonText() => Serialize(ToJson());

    /// <summary>Writes <paramref name="predicate"/> as a provenance file; <see cref="ProvenanceFacts"/> reads such files.</summary>
    public static string Serialize(JsonNode predicate) => predicate.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
}

/// <summary>What was built from what: the build type names the schema of the external parameters.</summary>
public sealed record BuildDefinition(
    string BuildType,
    ExternalParameters ExternalParameters,
    IReadOnlyDictionary<string, JsonNode> InternalParameters,
    IReadOnlyList<ResourceDescriptor> ResolvedDependencies)
{
    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["buildType"] = BuildType,
            ["externalParameters"] = ExternalParameters.ToJson(),
        };
        if (InternalParameters.Count > 0)
        {
            json["internalParameters"] = new JsonObject(InternalParameters.Select(pair => KeyValuePair.Create(pair.Key, (JsonNode?)pair.Value.DeepClone())));
        }

        json["resolvedDependencies"] = new JsonArray(ResolvedDependencies.Select(dependency => (JsonNode?)dependency.ToJson()).ToArray());
        return json;
    }
}

/// <summary>The inputs under the control of whoever started the build; their shape is fixed by the build type.</summary>
public abstract record ExternalParameters
{
    public abstract JsonObject ToJson();
}

/// <summary>
/// The external parameters of https://actions.github.io/buildtypes/workflow/v1: the workflow that ran
/// (<c>ref</c> = github.ref, <c>repository</c> = server_url/repository, <c>path</c> = the workflow file).
/// </summary>
public sealed record WorkflowParameters(string Ref, string Repository, string Path) : ExternalParameters
{
    public override JsonObject ToJson() => new()
    {
        ["workflow"] = new JsonObject
        {
            ["ref"] = Ref,
            ["repository"] = Repository,
            ["path"] = Path,
        },
    };
}

/// <summary>The external parameters of a rehearsal on a workstation: the repository, the ref built and the build target.</summary>
public sealed record RehearsalParameters(string Repository, string Ref, string Target) : ExternalParameters
{
    public override JsonObject ToJson() => new()
    {
        ["repository"] = Repository,
        ["ref"] = Ref,
        ["target"] = Target,
    };
}

/// <summary>An artifact the build used, by URI and digest (SLSA's ResourceDescriptor; only the fields the release fills).</summary>
public sealed record ResourceDescriptor(string Uri, IReadOnlyDictionary<string, string> Digest)
{
    public JsonObject ToJson() => new()
    {
        ["uri"] = Uri,
        ["digest"] = new JsonObject(Digest.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => KeyValuePair.Create(pair.Key, (JsonNode?)pair.Value))),
    };
}

/// <summary>Who built it (<c>builder.id</c>) and which run (<c>metadata.invocationId</c>, <c>startedOn</c>).</summary>
public sealed record RunDetails(string BuilderId, string InvocationId, DateTimeOffset? StartedOn)
{
    public JsonObject ToJson()
    {
        var metadata = new JsonObject { ["invocationId"] = InvocationId };
        if (StartedOn is { } started)
        {
            metadata["startedOn"] = Rfc3339(started);
        }

        return new JsonObject
        {
            ["builder"] = new JsonObject { ["id"] = BuilderId },
            ["metadata"] = metadata,
        };
    }

    /// <summary>RFC 3339 in UTC to the second, as protobuf's Timestamp JSON (which cosign parses) accepts.</summary>
    public static string Rfc3339(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
