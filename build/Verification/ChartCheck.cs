using System.Text.RegularExpressions;
using Semver;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Build.Verification;

/// <summary>
/// The Helm chart, checked without helm: Chart.yaml (apiVersion v2, name = folder, SemVer version, appVersion),
/// values.yaml (image.repository/tag/digest), that the driver image is rendered through an image helper that honours
/// image.digest or by a template that reads .Values.image.digest itself (a release pins the digest; a template that
/// only writes repository:tag would ignore it), and that
/// every <c>.Values.x.y</c> a template refers to exists in values.yaml. Templates are not rendered: no .NET Go-template
/// engine exists, so what only rendering would show is left to helm lint where helm is installed.
/// </summary>
/// <param name="repositoryRoot">Findings name files relative to it.</param>
/// <param name="chart">The chart folder, relative to <paramref name="repositoryRoot"/> (or absolute).</param>
/// <param name="helmAvailable">Whether the Verify task runs helm lint as well; only changes what the summary says.</param>
public sealed partial class ChartCheck(string repositoryRoot, string chart, bool helmAvailable) : IVerificationCheck
{
    public string Name => "Chart";

    public CheckResult Run()
    {
        var directory = Path.GetFullPath(Path.Combine(repositoryRoot, chart));
        var name = YamlFiles.Relative(repositoryRoot, directory);
        var findings = new List<Finding>();
        var lint = helmAvailable
            ? "helm lint runs as well; checked natively"
            : "helm lint not run (helm not installed); checked natively";
        if (!Directory.Exists(directory))
        {
            findings.Add(new Finding(name, null, "does not exist: point [Release] Chart in cake.config at the chart's folder."));
            return new CheckResult(Name, $"No chart at {name}; {lint}", findings);
        }

        // Read nothing through a link out of the chart: HelmPackage would refuse it, and its content is no check's business.
        if (Releasing.SourceFiles.Problems(directory) is { Count: > 0 } links)
        {
            findings.AddRange(links.Select(problem => new Finding(name, null, problem)));
            return new CheckResult(Name, $"Chart {name} has {links.Count} link(s) the release refuses; not read further", findings);
        }

        // What HelmPackage would refuse (.helmignore dropping Chart.yaml or every template, subcharts): found here, not after a push.
        try
        {
            Charts.ChartPackager.Check(directory);
        }
        catch (Charts.ChartException exception)
        {
            findings.Add(new Finding(name, null, $"HelmPackage would refuse this chart: {exception.Message}"));
        }

        var chartYaml = CheckChartYaml(directory, findings);
        var values = CheckValuesYaml(directory, findings);
        var templates = Templates(directory);
        var references = values is null ? 0 : CheckValueReferences(templates, values, findings);
        var helpers = CheckImageHelper(directory, templates, findings);

        var summary = $"Checked chart {name} ({chartYaml}): values.yaml image keys, {templates.Count} templates, "
            + $"{references} .Values references, driver image through {(helpers.Count == 0 ? "no helper" : string.Join(", ", helpers))}; {lint}";
        return new CheckResult(Name, summary, findings);
    }

    private string CheckChartYaml(string directory, List<Finding> findings)
    {
        var file = Path.Combine(directory, "Chart.yaml");
        var relative = YamlFiles.Relative(repositoryRoot, file);
        var chartYaml = LoadMapping(file, relative, findings);
        if (chartYaml is null)
        {
            return "no Chart.yaml";
        }

        var apiVersion = chartYaml.Child("apiVersion");
        if (apiVersion.Scalar() != "v2")
        {
            findings.Add(new Finding(relative, apiVersion?.Line(), $"apiVersion is '{apiVersion.Scalar()}'; Helm 3 charts declare apiVersion: v2."));
        }

        var chartName = chartYaml.Child("name");
        var folder = Path.GetFileName(directory);
        if (string.IsNullOrWhiteSpace(chartName.Scalar()))
        {
            findings.Add(new Finding(relative, null, $"has no name; add name: {folder} (the chart's folder name)."));
        }
        else if (chartName.Scalar() != folder)
        {
            findings.Add(new Finding(relative, chartName!.Line(), $"name is '{chartName.Scalar()}' but the folder is '{folder}'; helm lint requires them to match, so rename one."));
        }

        var version = chartYaml.Child("version");
        if (!SemVersion.TryParse(version.Scalar() ?? string.Empty, SemVersionStyles.Strict, out _))
        {
            findings.Add(new Finding(relative, version?.Line(), $"version '{version.Scalar()}' is not a SemVer 2 version (MAJOR.MINOR.PATCH[-PRERELEASE]); Helm requires one, e.g. version: 0.1.0."));
        }

        var appVersion = chartYaml.Child("appVersion");
        if (string.IsNullOrWhiteSpace(appVersion.Scalar()))
        {
            findings.Add(new Finding(relative, appVersion?.Line(), "has no appVersion; add appVersion: \"X.Y.Z\" (the driver version; image.tag defaults to it)."));
        }

        return $"{chartName.Scalar()} {version.Scalar()}, appVersion {appVersion.Scalar()}";
    }

    private YamlMappingNode? CheckValuesYaml(string directory, List<Finding> findings)
    {
        var file = Path.Combine(directory, "values.yaml");
        var relative = YamlFiles.Relative(repositoryRoot, file);
        var values = LoadMapping(file, relative, findings);
        if (values is null)
        {
            return null;
        }

        var image = values.Child("image");
        if (image is not YamlMappingNode)
        {
            findings.Add(new Finding(relative, null, "has no image: mapping; add image.repository, image.tag and image.digest (the release pins the digest)."));
            return values;
        }

        foreach (var key in new[] { "repository", "tag", "digest" })
        {
            if (image.Child(key) is null)
            {
                findings.Add(new Finding(relative, image.Line(), $"has no image.{key}; add it (image.digest: \"\" by default; a release sets it to the pushed digest)."));
            }
        }

        if (string.IsNullOrWhiteSpace(image.Child("repository").Scalar()) && image.Child("repository") is { } repository)
        {
            findings.Add(new Finding(relative, repository.Line(), "image.repository is empty; set it to the driver image, e.g. ghcr.io/3whiskeywhiskey/rds-csi."));
        }

        var digest = image.Child("digest");
        if (digest.Scalar() is { Length: > 0 } value && !Digest().IsMatch(value))
        {
            findings.Add(new Finding(relative, digest!.Line(), $"image.digest '{value}' is not sha256:<64 lowercase hex>; use \"\" or the digest the release pushed."));
        }

        try
        {
            Charts.SidecarDigests.Parse(File.ReadAllText(file), "values.yaml");
        }
        catch (Charts.ChartException exception)
        {
            findings.Add(new Finding(relative, null, $"{exception.Message} (a release resolves each sidecar's repository:tag in its registry to pin its digest)"));
        }

        return values;
    }

    private int CheckValueReferences(IReadOnlyList<Template> templates, YamlMappingNode values, List<Finding> findings)
    {
        var count = 0;
        var reported = new HashSet<(string, string)>();
        foreach (var template in templates)
        {
            for (var index = 0; index < template.Lines.Length; index++)
            {
                foreach (Match match in ValuesReference().Matches(template.Lines[index]))
                {
                    count++;
                    var path = match.Groups["path"].Value.TrimStart('.');
                    if (Resolves(values, path.Split('.')) || !reported.Add((template.File, path)))
                    {
                        continue;
                    }

                    findings.Add(new Finding(YamlFiles.Relative(repositoryRoot, template.File), index + 1,
                        $"refers to .Values.{path}, which values.yaml does not have; add {path} to values.yaml (with a comment) or correct the name."));
                }
            }
        }

        return count;
    }

    private static bool Resolves(YamlNode node, IEnumerable<string> path)
    {
        foreach (var key in path)
        {
            if (node.Child(key) is not { } child)
            {
                return false;
            }

            node = child;
        }

        return true;
    }

    /// <summary>Image helpers are the defines that read a digest, and the defines that include one of them.</summary>
    private List<string> CheckImageHelper(string directory, IReadOnlyList<Template> templates, List<Finding> findings)
    {
        var defines = templates.SelectMany(template => Defines(template.Text)).ToList();
        var helpers = defines.Where(define => define.Body.Contains("digest", StringComparison.Ordinal)).Select(define => define.Name).ToHashSet();
        for (var grown = true; grown;)
        {
            grown = false;
            foreach (var define in defines.Where(define => !helpers.Contains(define.Name) && helpers.Any(helper => Includes(define.Body, helper))))
            {
                grown |= helpers.Add(define.Name);
            }
        }

        var chartName = YamlFiles.Relative(repositoryRoot, directory);
        var ordered = helpers.Order(StringComparer.Ordinal).ToList();
        if (ordered.Count == 0)
        {
            findings.Add(new Finding($"{chartName}/templates/_helpers.tpl", null,
                "defines no image helper: add a define (e.g. \"<chart>.image\") that renders repository@digest when image.digest is set and repository:tag otherwise, and render every image through it."));
        }

        var throughHelper = false;
        foreach (var template in templates.Where(template => !template.IsHelperFile))
        {
            var readsDigest = template.Text.Contains(".Values.image.digest", StringComparison.Ordinal);
            throughHelper |= readsDigest || helpers.Any(helper => Includes(template.Text, helper));
            for (var index = 0; index < template.Lines.Length && !readsDigest; index++)
            {
                if (DirectImageReference().IsMatch(template.Lines[index]))
                {
                    findings.Add(new Finding(YamlFiles.Relative(repositoryRoot, template.File), index + 1,
                        $"renders the driver image from .Values.image.repository/.tag and never reads image.digest, so a pinned digest is ignored; use {{{{ include \"{ordered.FirstOrDefault() ?? "<chart>.image"}\" ... }}}} instead."));
                }
            }
        }

        if (ordered.Count > 0 && !throughHelper)
        {
            findings.Add(new Finding($"{chartName}/templates", null,
                $"no template renders the driver image through {string.Join(" or ", ordered)}; the workloads' image: must include it so a pinned digest takes effect."));
        }

        return ordered;
    }

    private YamlMappingNode? LoadMapping(string file, string relative, List<Finding> findings)
    {
        if (!File.Exists(file))
        {
            findings.Add(new Finding(relative, null, "is missing; every chart needs it (helm create shows the layout)."));
            return null;
        }

        try
        {
            var mapping = YamlFiles.LoadMapping(file);
            if (mapping is null)
            {
                findings.Add(new Finding(relative, null, "is empty or not a mapping; it must be a YAML mapping of keys."));
            }

            return mapping;
        }
        catch (YamlException exception)
        {
            findings.Add(new Finding(relative, YamlFiles.ErrorLine(exception), $"is not valid YAML: {YamlFiles.Reason(exception)}. Fix the syntax at that line."));
            return null;
        }
    }

    private static List<Template> Templates(string directory)
    {
        var folder = Path.Combine(directory, "templates");
        return Directory.Exists(folder)
            ? [.. Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(Template.Read)]
            : [];
    }

    /// <summary>Each define's body, up to its matching end (if, range, with and block nest; comments are skipped).</summary>
    private static IEnumerable<(string Name, string Body)> Defines(string text)
    {
        var open = new Stack<(string? Name, int BodyStart)>();
        foreach (Match action in TemplateAction().Matches(text))
        {
            var body = action.Groups["body"].Value;
            var keyword = body.StartsWith("/*", StringComparison.Ordinal) ? string.Empty : body.Split(' ', 2)[0];
            switch (keyword)
            {
                case "define":
                    open.Push((Define().Match(action.Value).Groups["name"].Value, action.Index + action.Length));
                    break;
                case "if" or "range" or "with" or "block":
                    open.Push((null, 0));
                    break;
                case "end" when open.Count > 0:
                    var (name, start) = open.Pop();
                    if (name is not null)
                    {
                        yield return (name, text[start..action.Index]);
                    }

                    break;
            }
        }
    }

    private static bool Includes(string text, string helper) =>
        text.Contains($"include \"{helper}\"", StringComparison.Ordinal) || text.Contains($"template \"{helper}\"", StringComparison.Ordinal);

    private sealed record Template(string File, string Text, string[] Lines)
    {
        public bool IsHelperFile => File.EndsWith(".tpl", StringComparison.OrdinalIgnoreCase);

        public static Template Read(string file)
        {
            var text = System.IO.File.ReadAllText(file);
            return new Template(file, text, text.Split('\n'));
        }
    }

    [GeneratedRegex(@"\.Values(?<path>(?:\.[A-Za-z_][A-Za-z0-9_]*)+)")]
    private static partial Regex ValuesReference();

    [GeneratedRegex(@"\.Values\.image\.(repository|tag)\b")]
    private static partial Regex DirectImageReference();

    [GeneratedRegex(@"\{\{-?\s*define\s+""(?<name>[^""]+)""\s*-?\}\}")]
    private static partial Regex Define();

    [GeneratedRegex(@"\{\{-?\s*(?<body>.*?)\s*-?\}\}", RegexOptions.Singleline)]
    private static partial Regex TemplateAction();

    [GeneratedRegex("^sha256:[0-9a-f]{64}$")]
    private static partial Regex Digest();
}
