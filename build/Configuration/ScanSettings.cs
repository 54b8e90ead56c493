using Build.Scanning;
using Cake.Core;
using Cake.Core.IO;

namespace Build.Configuration;

/// <summary>The vulnerability gate, from cake.config [Scan]: which severities fail, whether unfixed ones count, the ignore file.</summary>
public sealed record ScanSettings(IReadOnlySet<string> FailOn, bool IgnoreUnfixed, FilePath IgnoreFile)
{
    public const string FailOnKey = "Scan_FailOn";
    public const string IgnoreUnfixedKey = "Scan_IgnoreUnfixed";
    public const string IgnoreFileKey = "Scan_IgnoreFile";

    /// <summary>What the SARIF report (for code scanning) lists, independent of the gate.</summary>
    public static readonly IReadOnlyList<string> ReportedSeverities = [Severity.Critical, Severity.High];

    public static ScanSettings Read(ICakeContext context)
    {
        string Setting(string key, string fallback) => context.Configuration.GetValue(key) is { Length: > 0 } value ? value : fallback;

        IReadOnlySet<string> failOn;
        try
        {
            failOn = Severity.ParseList(Setting(FailOnKey, Severity.Critical), FailOnKey);
        }
        catch (ArgumentException exception)
        {
            throw new BuildConfigurationException(exception.Message.Split(" (Parameter", 2)[0]);
        }

        var unfixed = Setting(IgnoreUnfixedKey, "false").Trim().ToLowerInvariant() switch
        {
            "true" => true,
            "false" => false,
            var other => throw new BuildConfigurationException($"{IgnoreUnfixedKey} '{other}' is not true or false."),
        };
        return new ScanSettings(failOn, unfixed, new FilePath(Setting(IgnoreFileKey, ".trivyignore")).MakeAbsolute(context.Environment));
    }
}
