using System.Text.RegularExpressions;

namespace Build.Tools.Helm;

/// <summary>What <c>helm push</c> reports: the reference it pushed and the manifest digest.</summary>
public sealed record HelmPushResult(string Reference, string Digest);

/// <summary>One message of <c>helm lint</c> ("[WARNING] templates/: ...").</summary>
public sealed record HelmLintMessage(string Level, string Text);

/// <summary>What <c>helm lint</c> printed: its messages and the "N chart(s) linted, M chart(s) failed" summary.</summary>
public sealed record HelmLintReport(IReadOnlyList<HelmLintMessage> Messages, int ChartsLinted, int ChartsFailed)
{
    public bool Passed => ChartsFailed == 0;

    public IEnumerable<HelmLintMessage> Errors => Messages.Where(message => message.Level == "ERROR");

    public IEnumerable<HelmLintMessage> Warnings => Messages.Where(message => message.Level == "WARNING");
}

/// <summary>Reads helm's human output (push and lint print to both streams, so callers pass both).</summary>
public static partial class HelmOutput
{
    public static HelmPushResult ParsePush(string output)
    {
        var reference = PushedLine().Match(output);
        var digest = DigestLine().Match(output);
        if (!reference.Success || !digest.Success)
        {
            throw new FormatException("helm push printed no 'Pushed:' and 'Digest: sha256:...' lines: " + Excerpt(output));
        }

        return new HelmPushResult(reference.Groups["reference"].Value, digest.Groups["digest"].Value);
    }

    /// <summary>The archive named by "Successfully packaged chart and saved it to: PATH".</summary>
    public static string ParsePackagePath(string output)
    {
        var match = PackagedLine().Match(output);
        return match.Success
            ? match.Groups["path"].Value.Trim()
            : throw new FormatException("helm package did not say where it saved the chart: " + Excerpt(output));
    }

    public static HelmLintReport ParseLint(string output)
    {
        var messages = new List<HelmLintMessage>();
        foreach (var line in output.Split('\n'))
        {
            var message = LintMessage().Match(line.TrimEnd());
            if (message.Success)
            {
                messages.Add(new HelmLintMessage(message.Groups["level"].Value, message.Groups["text"].Value));
            }
            else if (line.StartsWith('\t') && messages.Count > 0)
            {
                // helm indents the rest of a multi-line message with a tab.
                var last = messages[^1];
                messages[^1] = last with { Text = last.Text + "\n" + line.Trim() };
            }
        }

        var summary = LintSummary().Match(output);
        if (!summary.Success)
        {
            throw new FormatException("helm lint printed no 'N chart(s) linted, M chart(s) failed' summary: " + Excerpt(output));
        }

        return new HelmLintReport(messages, int.Parse(summary.Groups["linted"].Value), int.Parse(summary.Groups["failed"].Value));
    }

    private static string Excerpt(string text) => text.Length <= 300 ? text : text[..300] + "...";

    [GeneratedRegex(@"^Pushed:\s*(?<reference>\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex PushedLine();

    [GeneratedRegex(@"^Digest:\s*(?<digest>sha256:[0-9a-f]{64})\s*$", RegexOptions.Multiline)]
    private static partial Regex DigestLine();

    [GeneratedRegex(@"^Successfully packaged chart and saved it to:\s*(?<path>.+)$", RegexOptions.Multiline)]
    private static partial Regex PackagedLine();

    [GeneratedRegex(@"^\[(?<level>INFO|WARNING|ERROR)\]\s*(?<text>.*)$")]
    private static partial Regex LintMessage();

    [GeneratedRegex(@"(?<linted>\d+) chart\(s\) linted, (?<failed>\d+) chart\(s\) failed")]
    private static partial Regex LintSummary();
}
