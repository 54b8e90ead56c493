namespace Build.Verification;

/// <summary>One problem a check found: the file (relative to the repository root), the line when known, and a message that says what is wrong and how to fix it.</summary>
public sealed record Finding(string File, int? Line, string Message)
{
    public override string ToString() => Line is null ? $"{File}: {Message}" : $"{File}:{Line}: {Message}";
}
