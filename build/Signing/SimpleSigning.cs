using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Build.Registry;

namespace Build.Signing;

/// <summary>
/// The payload cosign signs for an image (sigstore's payload.Cosign, the "simple signing" format):
/// <c>{"critical":{"identity":{"docker-reference":REPO},"image":{"docker-manifest-digest":DIGEST},"type":"cosign container image signature"},"optional":ANNOTATIONS|null}</c>,
/// compact, in that order, as Go marshals it; without annotations <c>optional</c> is <c>null</c>.
/// </summary>
public static class SimpleSigning
{
    public const string SignatureType = "cosign container image signature";

    /// <param name="dockerReference">The repository without tag or digest, e.g. <c>ghcr.io/3whiskeywhiskey/rds-csi</c>.</param>
    /// <param name="manifestDigest">The signed manifest's digest, <c>sha256:...</c>.</param>
    /// <param name="annotations">cosign's <c>-a key=value</c> annotations, written into <c>optional</c>.</param>
    public static byte[] Payload(string dockerReference, string manifestDigest, IReadOnlyDictionary<string, string>? annotations = null)
    {
        RequireRepository(dockerReference);
        OciDigest.RequireSha256(manifestDigest, "The manifest digest");
        var json = GoJson.Struct(
            ("critical", GoJson.Struct(
                ("identity", GoJson.Struct(("docker-reference", GoJson.Quote(dockerReference)))),
                ("image", GoJson.Struct(("docker-manifest-digest", GoJson.Quote(manifestDigest)))),
                ("type", GoJson.Quote(SignatureType)))),
            ("optional", annotations is null || annotations.Count == 0 ? "null" : GoJson.Map(annotations)));
        return Encoding.UTF8.GetBytes(json);
    }

    /// <summary>Reads a payload; one that is not a cosign image signature throws <see cref="FormatException"/> saying why.</summary>
    public static SimpleSigningPayload Parse(ReadOnlySpan<byte> payload)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(payload);
        }
        catch (JsonException error)
        {
            throw new FormatException("The signature payload is not JSON: " + error.Message, error);
        }

        var critical = Member(root, "critical");
        var type = Text(Member(critical, "type"));
        if (type != SignatureType)
        {
            throw new FormatException($"The signature payload's critical.type is '{type}', not '{SignatureType}': it is not a cosign image signature.");
        }

        var reference = Text(Member(Member(critical, "identity"), "docker-reference"));
        var digest = Text(Member(Member(critical, "image"), "docker-manifest-digest"));
        if (string.IsNullOrEmpty(reference) || string.IsNullOrEmpty(digest))
        {
            throw new FormatException("The signature payload lacks critical.identity.docker-reference or critical.image.docker-manifest-digest.");
        }

        return new SimpleSigningPayload(reference, digest, Member(root, "optional")?.DeepClone() as JsonObject);
    }

    private static JsonNode? Member(JsonNode? node, string name) => node is JsonObject obj ? obj[name] : null;

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static void RequireRepository(string dockerReference)
    {
        var lastSlash = dockerReference.LastIndexOf('/');
        if (string.IsNullOrWhiteSpace(dockerReference) || dockerReference.Contains('@') || dockerReference[(lastSlash + 1)..].Contains(':'))
        {
            throw new ArgumentException(
                $"The docker reference '{dockerReference}' must be a repository without tag or digest, e.g. ghcr.io/3whiskeywhiskey/rds-csi: " +
                "cosign signs the digest and names only the repository.");
        }
    }
}
