using System.Text;
using System.Text.Json.Nodes;

namespace Build.Tests.Support;

/// <summary>A signed DSSE attestation as stored in a registry: what was signed (the PAE), the signature, and the in-toto statement.</summary>
public sealed record StoredAttestation(string PayloadType, byte[] Pae, string Signature, JsonNode Statement)
{
    public string PredicateType => Statement["predicateType"]!.GetValue<string>();

    public string SubjectDigest => "sha256:" + Statement["subject"]![0]!["digest"]!["sha256"]!.GetValue<string>();
}

/// <summary>
/// What cosign stores for a digest (the .sig and .att tags), read with plain HTTP and parsed here, independently of
/// the build's own code; the tests verify the signatures with openssl.
/// </summary>
public static class CosignEvidence
{
    /// <summary>The simple-signing payloads and signatures stored under the digest's .sig tag (none when there is no tag).</summary>
    public static IReadOnlyList<(byte[] Payload, string Signature)> Signatures(RegistryHttp http, string repository, string digest)
    {
        using var manifest = http.Manifest(repository, digest.Replace(':', '-') + ".sig");
        return manifest is null
            ? []
            : manifest.RootElement.GetProperty("layers").EnumerateArray()
                .Where(layer => layer.GetProperty("mediaType").GetString() == "application/vnd.dev.cosign.simplesigning.v1+json")
                .Select(layer => (http.Blob(repository, layer.GetProperty("digest").GetString()!),
                    layer.GetProperty("annotations").GetProperty("dev.cosignproject.cosign/signature").GetString()!))
                .ToList();
    }

    /// <summary>
    /// Whether <paramref name="digest"/> has a signature that openssl verifies with <paramref name="publicKeyPem"/> and
    /// whose payload names that digest (critical.image.docker-manifest-digest).
    /// </summary>
    public static bool HasVerifiedSignature(RegistryHttp http, string repository, string digest, string publicKeyPem) =>
        Signatures(http, repository, digest).Any(signature =>
            OpenSsl.Verifies(publicKeyPem, signature.Payload, signature.Signature)
            && JsonNode.Parse(signature.Payload)?["critical"]?["image"]?["docker-manifest-digest"]?.GetValue<string>() == digest);

    /// <summary>The DSSE envelopes stored under the digest's .att tag (none when there is no tag).</summary>
    public static IReadOnlyList<StoredAttestation> Attestations(RegistryHttp http, string repository, string digest)
    {
        using var manifest = http.Manifest(repository, digest.Replace(':', '-') + ".att");
        if (manifest is null)
        {
            return [];
        }

        var result = new List<StoredAttestation>();
        foreach (var layer in manifest.RootElement.GetProperty("layers").EnumerateArray().Where(layer => layer.GetProperty("mediaType").GetString() == "application/vnd.dsse.envelope.v1+json"))
        {
            var envelope = JsonNode.Parse(http.Blob(repository, layer.GetProperty("digest").GetString()!))!;
            var payloadType = envelope["payloadType"]!.GetValue<string>();
            var payload = Convert.FromBase64String(envelope["payload"]!.GetValue<string>());
            var pae = Encoding.UTF8.GetBytes($"DSSEv1 {Encoding.UTF8.GetByteCount(payloadType)} {payloadType} {payload.Length} ").Concat(payload).ToArray();
            result.Add(new StoredAttestation(payloadType, pae, envelope["signatures"]![0]!["sig"]!.GetValue<string>(), JsonNode.Parse(payload)!));
        }

        return result;
    }
}
