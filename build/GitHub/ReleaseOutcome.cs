namespace Build.GitHub;

/// <summary>
/// What a publish did. <paramref name="Created"/>: this run created the draft; <paramref name="Published"/>: this run turned
/// the draft into a published release; <paramref name="ChangedNothing"/>: the release was already finished and identical,
/// and no write request was sent.
/// </summary>
public sealed record ReleaseOutcome(
    long ReleaseId,
    string HtmlUrl,
    bool Created,
    bool Published,
    IReadOnlyList<string> Uploaded,
    IReadOnlyList<string> AlreadyPresent,
    IReadOnlyList<string> Replaced,
    bool ChangedNothing);
