using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Build.Registry;

/// <summary>Content digests as OCI writes them: <c>sha256:&lt;64 lowercase hex&gt;</c>.</summary>
public static partial class OciDigest
{
    /// <summary>The bytes of the empty JSON config (<see cref="OciMediaTypes.EmptyJson"/>).</summary>
    public static ReadOnlyMemory<byte> EmptyJsonContent { get; } = "{}"u8.ToArray();

    public static string Sha256(ReadOnlySpan<byte> content) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>True for a reference that names content (<c>algorithm:hex</c>) rather than a tag.</summary>
    public static bool IsDigest(string reference) => DigestPattern().IsMatch(reference);

    /// <summary>True when <paramref name="digest"/> is a sha256 digest of <paramref name="content"/>; other algorithms are not checked.</summary>
    public static bool Matches(string digest, ReadOnlySpan<byte> content) =>
        !digest.StartsWith("sha256:", StringComparison.Ordinal) || string.Equals(digest, Sha256(content), StringComparison.Ordinal);

    [GeneratedRegex(@"^[a-z0-9]+([+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$")]
    private static partial Regex DigestPattern();
}
