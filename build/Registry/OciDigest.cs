using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Build.Registry;

/// <summary>Content digests as OCI writes them: <c>sha256:&lt;64 lowercase hex&gt;</c>.</summary>
public static partial class OciDigest
{
    public const string Sha256Prefix = "sha256:";

    /// <summary>The bytes of the empty JSON config (<see cref="OciMediaTypes.EmptyJson"/>).</summary>
    public static ReadOnlyMemory<byte> EmptyJsonContent { get; } = "{}"u8.ToArray();

    public static string Sha256(ReadOnlySpan<byte> content) => Sha256Prefix + Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>True for <c>sha256:</c> followed by 64 lowercase hex digits.</summary>
    public static bool IsSha256(string? digest) => digest is not null && Sha256Pattern().IsMatch(digest);

    /// <summary>Returns <paramref name="digest"/>, or throws naming <paramref name="what"/> when it is not a sha256 digest.</summary>
    public static string RequireSha256(string digest, string what) =>
        IsSha256(digest)
            ? digest
            : throw new ArgumentException($"{what} '{digest}' is not a manifest digest: expected sha256: followed by 64 lowercase hex digits (the digest the registry returned for the push).");

    /// <summary>True for a reference that names content (<c>algorithm:hex</c>) rather than a tag.</summary>
    public static bool IsDigest(string reference) => DigestPattern().IsMatch(reference);

    /// <summary>True when <paramref name="digest"/> is a sha256 digest of <paramref name="content"/>; other algorithms are not checked.</summary>
    public static bool Matches(string digest, ReadOnlySpan<byte> content) =>
        !digest.StartsWith("sha256:", StringComparison.Ordinal) || string.Equals(digest, Sha256(content), StringComparison.Ordinal);

    [GeneratedRegex("^sha256:[0-9a-f]{64}$")]
    private static partial Regex Sha256Pattern();

    [GeneratedRegex(@"^[a-z0-9]+([+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$")]
    private static partial Regex DigestPattern();
}
