namespace Build.Signing;

/// <summary>The two files of <c>cosign generate-key-pair</c>: cosign.key (encrypted) and cosign.pub.</summary>
public sealed record CosignKeyPair(string PrivatePem, string PublicPem);
