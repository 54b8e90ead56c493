using System.Text;
using System.Text.Json;

namespace Build.Tools.Cosign;

/// <summary>One signature <c>cosign verify</c> vouched for: the simple-signing payload it printed.</summary>
public sealed record CosignVerifiedSignature(
    string DockerReference,
    string ManifestDigest,
    string Type,
    string? Subject,
    string? Issuer,
    IReadOnlyDictionary<string, string> Optional);

/// <summary>One attestation <c>cosign verify-attestation</c> vouched for: its DSSE envelope and the in-toto statement inside.</summary>
public sealed record CosignVerifiedAttestation(string PayloadType, string PredicateType, IReadOnlyList<CosignAttestationSubject> Subjects);

public sealed record CosignAttestationSubject(string Name, string? Sha256);

/// <summary>Reads what cosign's verify commands print on stdout (their "Verification for ..." text goes to stderr).</summary>
public static class CosignVerification
{
    /// <summary>The JSON array <c>cosign verify</c> prints; lines around it (a captured terminal) are skipped.</summary>
    public static IReadOnlyList<CosignVerifiedSignature> ParseSignatures(string output)
    {
        var line = output.Split('\n').Select(text => text.Trim()).FirstOrDefault(text => text.StartsWith('['))
            ?? throw new FormatException("cosign verify printed no JSON array of verified signatures: " + Excerpt(output));
        using var document = Parse(line, "cosign verify");
        return Read(() => document.RootElement.EnumerateArray().Select(ReadSignature).ToList(), "cosign verify", line);
    }

    /// <summary>The DSSE envelopes <c>cosign verify-attestation</c> prints, one JSON object per line.</summary>
    public static IReadOnlyList<CosignVerifiedAttestation> ParseAttestations(string output)
    {
        var attestations = output.Split('\n')
            .Select(text => text.Trim())
            .Where(text => text.StartsWith('{'))
            .Select(line => Read(() => ReadAttestation(line), "cosign verify-attestation", line))
            .ToList();
        return attestations.Count > 0
            ? attestations
            : throw new FormatException("cosign verify-attestation printed no attestation envelope: " + Excerpt(output));
    }

    private static CosignVerifiedSignature ReadSignature(JsonElement signature)
    {
        var critical = signature.GetProperty("critical");
        var optional = new Dictionary<string, string>(StringComparer.Ordinal);
        string? subject = null;
        string? issuer = null;
        if (signature.TryGetProperty("optional", out var optionalElement) && optionalElement.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in optionalElement.EnumerateObject().Where(property => property.Value.ValueKind == JsonValueKind.String))
            {
                switch (property.Name)
                {
                    case "Subject":
                        subject = property.Value.GetString();
                        break;
                    case "Issuer":
                        issuer = property.Value.GetString();
                        break;
                    default:
                        optional[property.Name] = property.Value.GetString()!;
                        break;
                }
            }
        }

        return new CosignVerifiedSignature(
            critical.GetProperty("identity").GetProperty("docker-reference").GetString() ?? "",
            critical.GetProperty("image").GetProperty("docker-manifest-digest").GetString() ?? "",
            critical.GetProperty("type").GetString() ?? "",
            subject,
            issuer,
            optional);
    }

    private static CosignVerifiedAttestation ReadAttestation(string line)
    {
        using var envelope = Parse(line, "cosign verify-attestation");
        var payloadType = envelope.RootElement.GetProperty("payloadType").GetString() ?? "";
        var payload = Encoding.UTF8.GetString(Convert.FromBase64String(envelope.RootElement.GetProperty("payload").GetString() ?? ""));
        using var statement = Parse(payload, "the in-toto statement of a cosign attestation");
        var subjects = statement.RootElement.TryGetProperty("subject", out var subjectArray)
            ? subjectArray.EnumerateArray().Select(subject => new CosignAttestationSubject(
                subject.TryGetProperty("name", out var name) ? name.GetString() ?? "" : "",
                subject.TryGetProperty("digest", out var digest) && digest.TryGetProperty("sha256", out var sha256) ? sha256.GetString() : null)).ToList()
            : [];
        return new CosignVerifiedAttestation(payloadType, statement.RootElement.GetProperty("predicateType").GetString() ?? "", subjects);
    }

    // A payload without the fields every cosign version prints is not cosign output: say so with what was printed.
    private static T Read<T>(Func<T> read, string what, string json)
    {
        try
        {
            return read();
        }
        catch (Exception exception) when (exception is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new FormatException($"{what} printed JSON without the expected fields ({exception.Message}): {Excerpt(json)}", exception);
        }
    }

    private static JsonDocument Parse(string json, string what)
    {
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException exception)
        {
            throw new FormatException($"{what} printed JSON that does not parse ({exception.Message}): {Excerpt(json)}", exception);
        }
    }

    private static string Excerpt(string text) => text.Length <= 200 ? text : text[..200] + "...";
}
