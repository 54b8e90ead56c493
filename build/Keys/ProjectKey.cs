namespace Build.Keys;

/// <summary>Where a key stands: signs new releases (active), still verifies what it signed (retired), or trusted no more (revoked).</summary>
public enum KeyStatus
{
    Active,
    Retired,
    Revoked,
}

/// <summary>
/// One public key the project has signed with, as deploy/keys/keys.yaml lists it: <see cref="Id"/> is the SHA-256 of
/// the key's DER SubjectPublicKeyInfo (lower-case hex), <see cref="File"/> its PEM relative to the repository root.
/// </summary>
public sealed record ProjectKey(string Id, string File, DateOnly Created, DateOnly Expires, KeyStatus Status, DateOnly? Revoked = null, string? Reason = null)
{
    /// <summary>The first 12 hex digits of the id: the name of the key's files (cosign-&lt;short&gt;.pub, cosign-&lt;short&gt;.key).</summary>
    public string ShortId => Id[..12];

    /// <summary>How long a key is used before the yearly rotation.</summary>
    public static ProjectKey New(string id, DateOnly today) => new(id, KeysFile.PublicKeyFileOf(id), today, today.AddYears(1), KeyStatus.Active);

    /// <summary>For messages: "abcdef012345 (revoked 2026-11-29: the laptop was stolen)".</summary>
    public string Describe() => Status == KeyStatus.Revoked
        ? $"{ShortId} (revoked {Revoked:yyyy-MM-dd}: {Reason})"
        : $"{ShortId} ({Status.ToString().ToLowerInvariant()}, expires {Expires:yyyy-MM-dd})";
}
