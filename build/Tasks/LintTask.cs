using Build.Preflight;
using Build.State;
using Build.Tools.Shellcheck;
using Build.Tools.Yamllint;
using Cake.Common.Diagnostics;
using Cake.Core.IO;

namespace Build.Tasks;

[TaskName("Lint")]
[WritesNoReleaseState]
[TaskDescription("shellcheck on the repository's shell scripts, yamllint on deploy/ and .github/")]
public sealed class LintTask : FrostingTask<BuildContext>, IDeclaresNeeds
{
    public TaskNeeds Needs(BuildContext context) => new()
    {
        Tools = [ToolRequirement.Debian("shellcheck", "shellcheck", Name), ToolRequirement.Debian("yamllint", "yamllint", Name)],
    };

    private static readonly string Name = BuildPlan.NameOf<LintTask>();

    public override void Run(BuildContext context)
    {
        var root = context.Options.RepositoryRoot;
        var scripts = new[] { "build.sh", ".ci/run", "bench/run.sh", "bench/mutation.sh" }
            .Select(path => root.CombineWithFilePath(path))
            .Concat(context.Globber.GetFiles(root.FullPath + "/deploy/**/*.sh"))
            .Where(context.FileSystem.Exist)
            .ToList();
        var shellcheck = new ShellcheckSettings { WorkingDirectory = root };
        foreach (var script in scripts)
        {
            shellcheck.Scripts.Add(script);
        }

        context.Shellcheck(shellcheck);
        context.Information("shellcheck: {0} clean", string.Join(", ", scripts.Select(script => root.GetRelativePath(script).FullPath)));

        var yamllint = new YamllintSettings { WorkingDirectory = root, Config = root.CombineWithFilePath(".yamllint") };
        var paths = new[] { "deploy", ".github" }.Where(path => Directory.Exists(root.Combine(path).FullPath)).ToList();
        foreach (var path in paths)
        {
            yamllint.Paths.Add(path);
        }

        var result = context.Yamllint(yamllint);
        var warnings = result.Output.Count(line => line.Contains("[warning]", StringComparison.Ordinal));
        foreach (var line in result.Output.Where(line => line.Length > 0))
        {
            context.Warning("{0}", line);
        }

        context.Information("yamllint: {0} clean ({1} warnings; Helm templates are Go templates and are checked by CheckDeploy)", string.Join(", ", paths), warnings);
    }
}
