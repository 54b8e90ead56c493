using Build.State;
using Build.Tools.Helm;
using Build.Verification;
using Cake.Common.Diagnostics;

namespace Build.Tasks;

[TaskName("CheckDeploy")]
[WritesNoReleaseState]
[TaskDescription("Checks what is released: the chart (helm lint where installed, else natively), every YAML under deploy/ and .github/, SHA-pinned actions, admission policies")]
public sealed class CheckDeployTask : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var findings = new List<Finding>();
        var helmAvailable = context.HelmRunner().Locate() is not null;
        if (helmAvailable)
        {
            var chart = context.Options.Settings.Chart;
            var lint = context.HelmLint(chart, new HelmLintSettings { Strict = true });
            if (lint.Passed)
            {
                context.Information("helm lint --strict: {0} clean", chart.FullPath);
            }
            else
            {
                // helm lint exits 1 with its findings; they fail CheckDeploy with the native checks' findings.
                var relative = Verification.YamlFiles.Relative(context.Options.RepositoryRoot.FullPath, chart.FullPath);
                findings.AddRange(lint.Messages.Where(message => message.Level != "INFO").DefaultIfEmpty(new HelmLintMessage("ERROR", $"helm lint --strict failed ({lint.ChartsFailed} chart(s) failed)"))
                    .Select(message => new Finding(relative, null, $"helm lint --strict: [{message.Level}] {message.Text}")));
            }
        }

        foreach (var check in RepositoryChecks.For(context.Options.RepositoryRoot.FullPath, helmAvailable, context.Options.Settings.Chart.FullPath, context.Options.Settings.Labels.Source))
        {
            var result = check.Run();
            context.Information("{0}: {1}", result.Check, result.Summary);
            findings.AddRange(result.Findings);
        }

        foreach (var warning in KeysCheck.ExpiryWarnings(context.Options.RepositoryRoot.FullPath, DateOnly.FromDateTime(DateTime.UtcNow)))
        {
            context.Warning("{0}", warning);
        }

        var manifests = context.Options.Settings.Manifests.FullPath;
        findings.AddRange(Releasing.SourceFiles.Problems(manifests).Select(problem => new Finding(Verification.YamlFiles.Relative(context.Options.RepositoryRoot.FullPath, manifests), null, problem)));
        if (findings.Count > 0)
        {
            throw new Configuration.BuildConfigurationException(findings.Select(finding => finding.ToString()).ToList());
        }
    }
}
