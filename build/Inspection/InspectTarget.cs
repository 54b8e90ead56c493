using System.Text.RegularExpressions;
using Build.Configuration;
using Build.Registry;

namespace Build.Inspection;

/// <summary>
/// Inspect's <c>--image=REF</c>: REGISTRY/PATH with an optional <c>:TAG</c> or <c>@sha256:DIGEST</c>. The repository
/// part is the image every other setting reads (<see cref="ImageName"/>); the tag or digest is what Inspect looks at.
/// </summary>
public static partial class InspectTarget
{
    public const string TaskName = "Inspect";

    /// <summary>True when the run's target is Inspect (the only one whose --image may carry a tag or digest).</summary>
    public static bool IsTarget(IEnumerable<string> targets) => targets.Any(target => string.Equals(target, TaskName, StringComparison.OrdinalIgnoreCase));

    /// <summary>The repository part and the tag or digest (null when none) of <paramref name="value"/>.</summary>
    public static (string Repository, string? Reference) Split(string value)
    {
        var trimmed = value.Trim();
        var at = trimmed.IndexOf('@');
        if (at >= 0)
        {
            var digest = trimmed[(at + 1)..];
            return OciDigest.IsSha256(digest)
                ? (trimmed[..at], digest)
                : throw new BuildConfigurationException($"--image {Diagnostics.InputText.Quote(value)}: '{digest}' is not a digest; write REGISTRY/PATH@sha256:<64 hex>.");
        }

        var slash = trimmed.LastIndexOf('/');
        var colon = trimmed.LastIndexOf(':');
        if (colon <= slash)
        {
            return (trimmed, null);
        }

        var tag = trimmed[(colon + 1)..];
        return TagPattern().IsMatch(tag)
            ? (trimmed[..colon], tag)
            : throw new BuildConfigurationException($"--image {Diagnostics.InputText.Quote(value)}: '{tag}' is not a tag (letters, digits, '_', '.', '-', at most 128, not starting with '.' or '-').");
    }

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")]
    private static partial Regex TagPattern();
}
