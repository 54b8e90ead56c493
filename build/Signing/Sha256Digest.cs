using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Build.Signing;

/// <summary>Content digests in the OCI form <c>sha256:&lt;64 lowercase hex&gt;</c>.</summary>
public static partial class Sha256Digest
{
    public const string Prefix = "sha256:";

    public static string Of(ReadOnlySpan<byte> content) => Prefix + Convert.ToHexStringLower(SHA256.HashData(content));

    public static bool IsValid(string? digest) => digest is not null && Pattern().IsMatch(digest);

    /// <summary>Returns <paramref name="digest"/>, or throws naming <paramref name="what"/> when it is not a sha256 digest.</summary>
    public static string Require(string digest, string what) =>
        IsValid(digest)
            ? digest
            : throw new ArgumentException($"{what} '{digest}' is not a manifest digest: expected sha256: followed by 64 lowercase hex digits (the digest the registry returned for the push).");

    [GeneratedRegex("^sha256:[0-9a-f]{64}$")]
    private static partial Regex Pattern();
}
