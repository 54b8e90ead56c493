using Cake.Core;
using Cake.Frosting.Internal;

namespace Build.Configuration;

/// <summary>
/// An option nobody reads is a mistake (--taget=Version would otherwise run the default Verify): every --name is one of
/// Cake's options, one of the build's <see cref="Arguments"/>, or a Cake setting --Section_Key (a key the build reads, one
/// in cake.config, or any key of Cake's own sections).
/// </summary>
public static class UnknownArguments
{
    private static readonly string[] CakeSections = ["Settings", "Paths", "NuGet", "Roslyn"];

    public static void Check(ICakeContext context)
    {
        var configured = ConfiguredKeys(context.Environment.WorkingDirectory.CombineWithFilePath("cake.config").FullPath);
        var settings = SettingKeys.All.Concat(configured).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var options = CommandLine.CakeOptions.Concat(Arguments.All).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var problems = context.Arguments.GetArguments().Keys
            .Where(name => !options.Contains(name) && !settings.Contains(name) && !IsCakeSetting(name))
            .Select(name => $"--{name} is not an option of this build{Spelling.Suggestion(name, options.Concat(settings), "--")}: ./build.sh --help lists Cake's options, README.md the build's, cake.config its settings (--Section_Key=value).")
            .ToList();
        if (problems.Count > 0)
        {
            throw new BuildConfigurationException(problems);
        }
    }

    private static bool IsCakeSetting(string name) =>
        name.IndexOf('_') is > 0 and var underscore && CakeSections.Contains(name[..underscore], StringComparer.OrdinalIgnoreCase);

    /// <summary>Section_Key of every key in cake.config (INI: [Section], Key=Value, ; comments).</summary>
    private static IEnumerable<string> ConfiguredKeys(string path)
    {
        if (!File.Exists(path))
        {
            yield break;
        }

        var section = string.Empty;
        foreach (var raw in File.ReadLines(path))
        {
            var line = raw.Trim();
            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                section = line[1..^1].Trim();
            }
            else if (line.Length > 0 && line[0] is not (';' or '#') && line.IndexOf('=') is > 0 and var equals)
            {
                yield return section.Length > 0 ? section + "_" + line[..equals].Trim() : line[..equals].Trim();
            }
        }
    }
}
