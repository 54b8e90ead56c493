using System.Text.Json.Nodes;

namespace Build.Signing;

/// <summary>What a cosign image signature claims: the repository, the manifest digest, and the optional annotations.</summary>
public sealed record SimpleSigningPayload(string DockerReference, string ManifestDigest, JsonObject? Optional);
