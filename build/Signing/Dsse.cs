using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Build.Signing;

/// <summary>
/// Dead Simple Signing Envelopes as cosign attest writes them: the signature (ECDSA-SHA256, DER) covers the
/// pre-authentication encoding of payload type and payload, and the envelope is Go's marshalling of
/// <c>{"payloadType":..,"payload":b64,"signatures":[{"keyid":"","sig":b64}]}</c>.
/// </summary>
public static class Dsse
{
    /// <summary>PAE: <c>"DSSEv1" SP len(type) SP type SP len(body) SP body</c>, lengths in bytes, decimal.</summary>
    public static byte[] PreAuthenticationEncoding(string payloadType, byte[] payload)
    {
        var type = Encoding.UTF8.GetBytes(payloadType);
        var header = Encoding.ASCII.GetBytes($"DSSEv1 {type.Length} ");
        var middle = Encoding.ASCII.GetBytes($" {payload.Length} ");
        return [.. header, .. type, .. middle, .. payload];
    }

    public static string Sign(ECDsa key, string payloadType, byte[] payload, string keyId = "")
    {
        var signature = key.SignData(PreAuthenticationEncoding(payloadType, payload), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        return GoJson.Struct(
            ("payloadType", GoJson.Quote(payloadType)),
            ("payload", GoJson.Quote(Convert.ToBase64String(payload))),
            ("signatures", GoJson.Array([GoJson.Struct(("keyid", GoJson.Quote(keyId)), ("sig", GoJson.Quote(Convert.ToBase64String(signature))))])));
    }

    /// <summary>Valid when any of the envelope's signatures verifies with <paramref name="publicKey"/>.</summary>
    public static DsseVerification Verify(ECDsa publicKey, string envelopeJson)
    {
        var envelope = Parse(envelopeJson);
        var signed = PreAuthenticationEncoding(envelope.PayloadType, envelope.Payload);
        var valid = envelope.Signatures.Any(signature =>
            DecodeBase64(signature.Sig) is { } bytes
            && publicKey.VerifyData(signed, bytes, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        return new DsseVerification(valid, envelope.PayloadType, envelope.Payload);
    }

    /// <summary>Decodes an envelope (standard or URL-safe base64, as the DSSE spec requires); a malformed one throws <see cref="FormatException"/>.</summary>
    public static DsseEnvelope Parse(string envelopeJson)
    {
        try
        {
            using var document = JsonDocument.Parse(envelopeJson);
            var root = document.RootElement;
            var payloadType = root.GetProperty("payloadType").GetString() ?? throw new FormatException("The DSSE envelope's payloadType is null.");
            var payload = DecodeBase64(root.GetProperty("payload").GetString() ?? string.Empty)
                ?? throw new FormatException("The DSSE envelope's payload is not base64.");
            var signatures = root.GetProperty("signatures").EnumerateArray()
                .Select(signature => new DsseSignature(
                    signature.TryGetProperty("keyid", out var keyId) ? keyId.GetString() ?? string.Empty : string.Empty,
                    signature.GetProperty("sig").GetString() ?? string.Empty))
                .ToList();
            return new DsseEnvelope(payloadType, payload, signatures);
        }
        catch (Exception error) when (error is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException("The DSSE envelope is not {payloadType, payload, signatures[{keyid, sig}]} JSON: " + error.Message, error);
        }
    }

    private static byte[]? DecodeBase64(string text)
    {
        var standard = text.Replace('-', '+').Replace('_', '/');
        var padded = standard.PadRight(standard.Length + ((4 - (standard.Length % 4)) % 4), '=');
        var buffer = new byte[padded.Length];
        return Convert.TryFromBase64String(padded, buffer, out var written) ? buffer[..written] : null;
    }
}
