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
        var helmAvailable = context.HelmRunner().Locate() is not null;
        if (helmAvailable)
        {
            context.HelmLint(context.Options.Settings.Chart, new HelmLintSettings { Strict = true });
            context.Information("helm lint --strict: {0} clean", context.Options.Settings.Chart.FullPath);
        }

        var findings = new List<Finding>();
        foreach (var check in RepositoryChecks.For(context.Options.RepositoryRoot.FullPath, helmAvailable, context.Options.Settings.Chart.FullPath, context.Options.Settings.Labels.Source))
        {
            var result = check.Run();
            context.Information("{0}: {1}", result.Check, result.Summary);
            findings.AddRange(result.Findings);
        }

        var manifests = context.Options.Settings.Manifests.FullPath;
        findings.AddRange(Releasing.SourceFiles.Problems(manifests).Select(problem => new Finding(Verification.YamlFiles.Relative(context.Options.RepositoryRoot.FullPath, manifests), null, problem)));
        if (findings.Count > 0)
        {
            throw new Configuration.BuildConfigurationException(findings.Select(finding => finding.ToString()).ToList());
        }
    }
}
