namespace Build.Reporting;

/// <summary>Writes to the files GitHub Actions gives a step: the Markdown job summary and the step outputs. No-ops elsewhere.</summary>
public sealed class GitHubActionsWriter(string? summaryPath, string? outputPath)
{
    public static GitHubActionsWriter For(BuildContext context) =>
        new(context.GitHubActions.IsRunning ? context.GitHubActions.StepSummaryPath : null, context.GitHubActions.IsRunning ? context.GitHubActions.OutputPath : null);

    public bool IsActive => summaryPath is not null;

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
