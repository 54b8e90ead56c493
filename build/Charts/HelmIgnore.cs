using System.Text.RegularExpressions;

namespace Build.Charts;

/// <summary>
/// The rules of a chart's .helmignore, evaluated as helm 3's <c>pkg/ignore</c> does: one Go glob per line, '#' comments,
/// a trailing '/' for directories only, a leading '/' for paths from the chart root, a glob without '/' tested against
/// the file name alone, and <c>**</c> refused. The first rule that matches decides. Helm's '!' is not gitignore's: a
/// path that reaches a <c>!pattern</c> rule without matching it is ignored (helm/helm#8688), so <c>!pattern</c> keeps
/// only what it matches. The .helmignore file itself is packaged unless a rule names it.
/// </summary>
public sealed class HelmIgnore
{
    public const string FileName = ".helmignore";

    /// <summary>The rule helm always adds: dot files in templates/ are never packaged.</summary>
    public const string DefaultRule = "templates/.?*";

    private readonly IReadOnlyList<Rule> _rules;

    private HelmIgnore(IReadOnlyList<Rule> rules)
    {
        _rules = rules;
    }

    public int Count => _rules.Count;

    /// <summary>The rules of <paramref name="chartDirectory"/>/.helmignore (none when it has none) followed by helm's default rule.</summary>
    /// <exception cref="ChartException">a line uses ** or is not a valid glob.</exception>
    public static HelmIgnore Load(string chartDirectory)
    {
        var file = Path.Combine(chartDirectory, FileName);
        var text = File.Exists(file) ? File.ReadAllText(file) : "";
        return Parse(text + "\n" + DefaultRule, file);
    }

    /// <summary>The rules written in <paramref name="text"/>; <paramref name="source"/> names it in messages.</summary>
    public static HelmIgnore Parse(string text, string source)
    {
        var rules = new List<Rule>();
        var lines = text.Split('\n');
        for (var number = 1; number <= lines.Length; number++)
        {
            var line = lines[number - 1].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (line.Contains("**", StringComparison.Ordinal))
            {
                throw new ChartException($"{source} line {number}: '{line}' uses **, which helm does not support; a rule without '/' (e.g. *.tmp) already matches in every folder.");
            }

            rules.Add(Rule.Parse(line, source, number));
        }

        return new HelmIgnore(rules);
    }

    /// <summary>
    /// True when the path (relative to the chart root, '/'-separated, a directory without a trailing '/') is not packaged.
    /// An ignored directory is not entered at all.
    /// </summary>
    public bool Ignores(string path, bool isDirectory)
    {
        if (path is "" or "." or "./")
        {
            return false;
        }

        foreach (var rule in _rules)
        {
            if (rule.Negated)
            {
                if ((rule.DirectoriesOnly && !isDirectory) || !rule.Matches(path))
                {
                    return true;
                }

                continue;
            }

            if ((!rule.DirectoriesOnly || isDirectory) && rule.Matches(path))
            {
                return true;
            }
        }

        return false;
    }

    private sealed record Rule(bool Negated, bool DirectoriesOnly, bool WholePath, Regex Glob)
    {
        public static Rule Parse(string line, string source, int number)
        {
            var glob = line;
            var negated = glob.StartsWith('!');
            glob = negated ? glob[1..] : glob;
            var directoriesOnly = glob.EndsWith('/');
            glob = directoriesOnly ? glob[..^1] : glob;
            var rooted = glob.StartsWith('/');
            glob = rooted ? glob[1..] : glob;
            try
            {
                return new Rule(negated, directoriesOnly, rooted || glob.Contains('/'), GoGlob.Compile(glob));
            }
            catch (FormatException exception)
            {
                throw new ChartException($"{source} line {number}: '{line}' is not a valid glob: {exception.Message}.", exception);
            }
        }

        /// <summary>A glob with a '/' is matched against the whole path; one without, against the last name only.</summary>
        public bool Matches(string path) => Glob.IsMatch(WholePath ? path : BaseName(path));

        private static string BaseName(string path)
        {
            var trimmed = path.TrimEnd('/');
            return trimmed.Length == 0 ? "/" : trimmed[(trimmed.LastIndexOf('/') + 1)..];
        }
    }
}
