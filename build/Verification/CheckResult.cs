namespace Build.Verification;

/// <summary>What a check looked at, in one line, and what it found; no findings means it passed.</summary>
public sealed record CheckResult(string Check, string Summary, IReadOnlyList<Finding> Findings)
{
    public bool Passed => Findings.Count == 0;
}
