using YamlDotNet.Core;

namespace Build.Verification;

/// <summary>
/// Every *.yaml and *.yml file under the given folders parses, all of its documents, without duplicate keys.
/// Helm templates (templates/ next to a Chart.yaml) are Go templates that become YAML only when rendered: skipped.
/// </summary>
/// <param name="repositoryRoot">Findings name files relative to it.</param>
/// <param name="roots">Folders to scan, relative to <paramref name="repositoryRoot"/> (e.g. "deploy", ".github").</param>
public sealed class YamlCheck(string repositoryRoot, IReadOnlyList<string> roots) : IVerificationCheck
{
    public string Name => "YAML";

    public CheckResult Run()
    {
        var findings = new List<Finding>();
        var files = 0;
        var documents = 0;
        var skipped = 0;
        foreach (var root in roots)
        {
            var directory = Path.Combine(repositoryRoot, root);
            if (!Directory.Exists(directory))
            {
                findings.Add(new Finding(root, null, "is not there to check: create the folder or take it out of the YAML check's folders."));
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Where(IsYaml).Order(StringComparer.Ordinal))
            {
                if (IsHelmTemplate(file))
                {
                    skipped++;
                    continue;
                }

                files++;
                try
                {
                    documents += YamlFiles.Load(file).Count;
                }
                catch (YamlException exception)
                {
                    findings.Add(new Finding(
                        YamlFiles.Relative(repositoryRoot, file),
                        YamlFiles.ErrorLine(exception),
                        $"is not valid YAML: {YamlFiles.Reason(exception)}. Fix it at that line."));
                }
            }
        }

        var summary = $"Parsed {files} YAML files ({documents} documents) under {string.Join(", ", roots)}; "
            + $"skipped {skipped} Helm templates (Go templates, YAML only once rendered)";
        return new CheckResult(Name, summary, findings);
    }

    private static bool IsYaml(string file) =>
        file.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || file.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

    private static bool IsHelmTemplate(string file)
    {
        for (var directory = Directory.GetParent(file); directory?.Parent is not null; directory = directory.Parent)
        {
            if (directory.Name == "templates" && File.Exists(Path.Combine(directory.Parent.FullName, "Chart.yaml")))
            {
                return true;
            }
        }

        return false;
    }
}
