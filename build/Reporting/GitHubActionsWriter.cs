namespace Build.Reporting;

/// <summary>Writes to the files GitHub Actions gives a step: the Markdown job summary and the step outputs. No-ops elsewhere.</summary>
public sealed class GitHubActionsWriter(string? summaryPath, string? outputPath)
{
    public static GitHubActionsWriter For(BuildContext context) =>
        new(context.Options.GitHubActions.IsRunning ? context.Options.GitHubActions.StepSummaryPath : null, context.Options.GitHubActions.IsRunning ? context.Options.GitHubActions.OutputPath : null);

    public bool IsActive => summaryPath is not null;

    /// <summary>
    /// GITHUB_OUTPUT and GITHUB_STEP_SUMMARY that cannot be appended to, each as a problem naming the variable and the
    /// path: found before anything is pushed, not after, when the digest would be lost.
    /// </summary>
    public IEnumerable<string> Problems()
    {
        foreach (var (variable, path) in new[] { ("GITHUB_OUTPUT", outputPath), ("GITHUB_STEP_SUMMARY", summaryPath) })
        {
            if (path is null)
            {
                continue;
            }

            string? reason = null;
            try
            {
                if (Directory.Exists(path))
                {
                    reason = "it is a directory";
                }
                else
                {
                    using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
            {
                reason = exception.Message;
            }

            if (reason is not null)
            {
                yield return $"{variable} '{path}' cannot be written ({reason}): the step's outputs would be lost after the push. Run in a normal Actions step or unset {variable}.";
            }
        }
    }

    public void AppendSummary(string markdown)
    {
        if (summaryPath is not null)
        {
            File.AppendAllText(summaryPath, markdown.TrimEnd('\n') + "\n\n");
        }
    }

    /// <summary>A step output; multi-line values use the heredoc form GitHub documents.</summary>
    public void SetOutput(string name, string value)
    {
        if (outputPath is null)
        {
            return;
        }

        if (value.Contains('\n'))
        {
            var delimiter = "EOF_" + Guid.NewGuid().ToString("N");
            File.AppendAllText(outputPath, $"{name}<<{delimiter}\n{value}\n{delimiter}\n");
        }
        else
        {
            File.AppendAllText(outputPath, $"{name}={value}\n");
        }
    }
}
