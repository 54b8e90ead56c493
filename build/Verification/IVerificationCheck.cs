namespace Build.Verification;

/// <summary>A check that the Verify target runs natively (no external tool needed).</summary>
public interface IVerificationCheck
{
    /// <summary>A short name for the check's output, e.g. "Chart".</summary>
    string Name { get; }

    CheckResult Run();
}
