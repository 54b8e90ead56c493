using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Build.Verification;

/// <summary>
/// Every <c>uses:</c> of the GitHub workflows (steps and reusable-workflow jobs) is a local path (<c>./...</c>), an
/// action pinned to a full 40-hex commit SHA with its version in a comment (<c>owner/repo@sha # vX.Y.Z</c>), or a
/// docker:// image pinned by digest. A tag or a branch can be moved to other code after review (a popular scanner
/// action's tags were force-pushed), so each is a finding naming the file and line. A pinned release whose version
/// comment <see cref="ActionRuntimes"/> knows to run on a Node version GitHub's runners no longer support is a finding too.
/// </summary>
/// <param name="repositoryRoot">Findings name files relative to it.</param>
/// <param name="workflows">The workflows folder, relative to <paramref name="repositoryRoot"/>.</param>
public sealed partial class WorkflowPinningCheck(string repositoryRoot, string workflows = ".github/workflows") : IVerificationCheck
{
    public string Name => "Workflow pinning";

    public CheckResult Run()
    {
        var findings = new List<Finding>();
        var directory = Path.Combine(repositoryRoot, workflows);
        if (!Directory.Exists(directory))
        {
            findings.Add(new Finding(workflows, null, "does not exist: there are no workflows to check (or pass the folder that has them)."));
            return new CheckResult(Name, $"No workflows under {workflows}", findings);
        }

        var files = Directory.EnumerateFiles(directory)
            .Where(file => file.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || file.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToList();
        var pinned = 0;
        var local = 0;
        var outdated = 0;
        foreach (var file in files)
        {
            var relative = YamlFiles.Relative(repositoryRoot, file);
            YamlMappingNode? workflow;
            try
            {
                workflow = YamlFiles.LoadMapping(file);
            }
            catch (YamlException exception)
            {
                findings.Add(new Finding(relative, YamlFiles.ErrorLine(exception), $"cannot be checked for pinned actions: it is not valid YAML ({YamlFiles.Reason(exception)})."));
                continue;
            }

            var lines = File.ReadAllLines(file);
            foreach (var uses in UsesNodes(workflow))
            {
                switch (Classify(uses, lines, relative))
                {
                    case (Pin.Local, _):
                        local++;
                        break;
                    case (Pin.Pinned, _):
                        pinned++;
                        break;
                    case (Pin.Unsupported, { } finding):
                        outdated++;
                        findings.Add(finding);
                        break;
                    case (_, { } finding):
                        findings.Add(finding);
                        break;
                }
            }
        }

        var summary = $"Checked the uses: of {files.Count} workflows under {workflows}: {pinned} pinned to commit SHAs, {local} local, {findings.Count - outdated} not pinned, {outdated} on a Node version runners no longer support";
        return new CheckResult(Name, summary, findings);
    }

    private enum Pin
    {
        Local,
        Pinned,
        Unpinned,
        Unsupported,
    }

    private static IEnumerable<YamlScalarNode> UsesNodes(YamlMappingNode? workflow)
    {
        if (workflow.Child("jobs") is not YamlMappingNode jobs)
        {
            yield break;
        }

        foreach (var job in jobs.Children.Values)
        {
            if (job.Child("uses") is YamlScalarNode reusable)
            {
                yield return reusable;
            }

            foreach (var step in job.Child("steps").Items())
            {
                if (step.Child("uses") is YamlScalarNode uses)
                {
                    yield return uses;
                }
            }
        }
    }

    private static (Pin Pin, Finding? Finding) Classify(YamlScalarNode node, string[] lines, string file)
    {
        var reference = node.Value ?? string.Empty;
        var line = node.Line();
        if (reference.StartsWith("./", StringComparison.Ordinal))
        {
            return (Pin.Local, null);
        }

        if (reference.StartsWith("docker://", StringComparison.Ordinal))
        {
            return DockerDigest().IsMatch(reference)
                ? (Pin.Pinned, null)
                : (Pin.Unpinned, new Finding(file, line, $"uses '{reference}', an image tag that can be moved; pin it by digest (docker://IMAGE@sha256:<64 hex>)."));
        }

        var match = ActionReference().Match(reference);
        if (!match.Success)
        {
            return (Pin.Unpinned, new Finding(file, line, $"uses '{reference}', which names no version; pin the action to a full commit SHA: uses: owner/repo@<40-hex sha> # vX.Y.Z."));
        }

        var action = match.Groups["action"].Value;
        var version = match.Groups["ref"].Value;
        if (!CommitSha().IsMatch(version))
        {
            return (Pin.Unpinned, new Finding(file, line,
                $"uses '{reference}': '{version}' is a tag or branch, which can be moved to other code; pin the full 40-hex commit SHA of that release instead (uses: {action}@<sha> # {version})."));
        }

        var text = line - 1 < lines.Length ? lines[line - 1] : string.Empty;
        var comment = VersionComment().Match(text);
        if (!comment.Success)
        {
            return (Pin.Unpinned, new Finding(file, line, $"uses '{reference}' without saying which release that SHA is; add it as a comment (uses: {action}@{version} # vX.Y.Z) for reviewers and Dependabot."));
        }

        var release = comment.Groups["version"].Value;
        return ActionRuntimes.RuntimeOf(action, release) is { } runtime && !ActionRuntimes.IsSupported(runtime)
            ? (Pin.Unsupported, new Finding(file, line,
                $"uses {action} {release}, which runs on {runtime.ToString().ToLowerInvariant()}, a Node version GitHub's runners no longer support; pin a release on Node 24: uses: {ActionRuntimes.ReplacementFor(action)} (check its inputs against this step's with:)."))
            : (Pin.Pinned, null);
    }

    [GeneratedRegex(@"^(?<action>[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+(?:/[^@\s]+)?)@(?<ref>\S+)$")]
    private static partial Regex ActionReference();

    [GeneratedRegex("^[0-9a-fA-F]{40}$")]
    private static partial Regex CommitSha();

    [GeneratedRegex("@sha256:[0-9a-f]{64}$")]
    private static partial Regex DockerDigest();

    [GeneratedRegex(@"#\s*(?<version>v?\d+(\.\d+)*)")]
    private static partial Regex VersionComment();
}
