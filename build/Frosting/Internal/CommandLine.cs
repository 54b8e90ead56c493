using Cake.Core;
using Cake.Core.Diagnostics;
using Cake.Core.IO;

namespace Cake.Frosting.Internal;

/// <summary>
/// The fast path of the command line: Cake's options and <c>--name=value</c> arguments parsed by hand, so that a build
/// starts without building Spectre.Console.Cli's command model. Anything it does not take (help, a stray word, a bad
/// verbosity) goes to Spectre.Console.Cli, which prints the help or the error as Cake.Frosting does.
/// </summary>
internal static class CommandLine
{
    private static readonly string[] DescriptionFlags = ["description", "descriptions", "showdescription", "showdescriptions"];
    private static readonly string[] TreeFlags = ["tree", "showtree"];
    private static readonly string[] DryRunFlags = ["dryrun", "noop", "whatif"];

    public static bool TryParse(IReadOnlyList<string> args, out DefaultCommandSettings settings, out ICakeArguments arguments)
    {
        settings = new DefaultCommandSettings();
        var problems = settings.Problems;
        var targets = new List<string>();
        var values = new List<KeyValuePair<string, string>>();
        arguments = new CakeArguments(Array.Empty<string>().ToLookup(value => value));
        for (var i = 0; i < args.Count; i++)
        {
            var token = args[i];
            if (!token.StartsWith('-') || token == "--" || token == "-")
            {
                return false;
            }

            var isLong = token.StartsWith("--", StringComparison.Ordinal);
            var body = isLong ? token[2..] : token[1..];
            var equals = body.IndexOf('=');
            var name = equals < 0 ? body : body[..equals];
            var inline = equals < 0 ? null : body[(equals + 1)..];

            // A Cake flag: bare (--dryrun) is true, --dryrun=true and --dryrun=false as written; any other value is a problem.
            bool Flag()
            {
                if (TryFlag(inline, out var value))
                {
                    return value;
                }

                problems.Add($"{token}: a flag takes true or false, or no value ({token[..(token.IndexOf('=') + 1)]}true).");
                return false;
            }

            string? TakeValue()
            {
                if (inline is not null)
                {
                    return inline;
                }

                if (i + 1 < args.Count && !args[i + 1].StartsWith('-'))
                {
                    return args[++i];
                }

                return null;
            }

            if (Is(name, isLong, "target", "t"))
            {
                if (TakeValue() is not { Length: > 0 } target)
                {
                    return false;
                }

                targets.Add(target);
            }
            else if (Is(name, isLong, "verbosity", "v"))
            {
                if (!TryVerbosity(TakeValue(), out var verbosity))
                {
                    return false;
                }

                settings.Verbosity = verbosity;
            }
            else if (Is(name, isLong, "working", "w"))
            {
                if (TakeValue() is not { Length: > 0 } working)
                {
                    return false;
                }

                settings.WorkingDirectory = new DirectoryPath(working);
            }
            else if (Is(name, isLong, "exclusive", "e"))
            {
                settings.Exclusive = Flag();
            }
            else if (!isLong)
            {
                // -h, -? and anything else short: Spectre prints the help or the error.
                return false;
            }
            else if (IsAny(name, "help"))
            {
                return false;
            }
            else if (IsAny(name, DescriptionFlags))
            {
                settings.Description = Flag();
            }
            else if (IsAny(name, TreeFlags))
            {
                settings.Tree = Flag();
            }
            else if (IsAny(name, DryRunFlags))
            {
                settings.DryRun = Flag();
            }
            else if (IsAny(name, "version", "ver") && (inline is null || IsBoolean(inline)))
            {
                // --version=1.2.3 is the build's own argument (the release to verify); --version[=true|false] Cake's flag.
                _ = TryFlag(inline, out var version);
                settings.Version = version;
            }
            else if (IsAny(name, "info") && (inline is null || IsBoolean(inline)))
            {
                _ = TryFlag(inline, out var info);
                settings.Info = info;
            }
            else
            {
                // Every other --name[=value] reaches the tasks as a Cake argument (--version=1.2.3 included).
                values.Add(new(name, TakeValue() ?? string.Empty));
            }
        }

        settings.Targets = targets.Count > 0 ? [.. targets] : ["Default"];
        values.AddRange(settings.Targets.Select(target => new KeyValuePair<string, string>("target", target)));
        arguments = new CakeArguments(values.ToLookup(pair => pair.Key, pair => pair.Value, StringComparer.OrdinalIgnoreCase));
        return true;
    }

    /// <summary>Every option Cake itself reads (long names), for the build's check of unknown options.</summary>
    public static IReadOnlyList<string> CakeOptions { get; } =
        ["target", "verbosity", "working", "exclusive", "help", "version", "ver", "info", .. DescriptionFlags, .. TreeFlags, .. DryRunFlags];

    // Option names are case-insensitive, as in Cake.Frosting (--Target=Release); short ones are single letters.
    private static bool Is(string name, bool isLong, string longName, string shortName) =>
        isLong ? string.Equals(name, longName, StringComparison.OrdinalIgnoreCase) : name == shortName;

    private static bool IsAny(string name, params string[] names) =>
        Array.Exists(names, candidate => string.Equals(candidate, name, StringComparison.OrdinalIgnoreCase));

    private static bool IsBoolean(string value) => bool.TryParse(value, out _);

    /// <summary>A Cake flag: bare (--dryrun) is true; --dryrun=true and --dryrun=false as written; anything else is a problem.</summary>
    private static bool TryFlag(string? inline, out bool value)
    {
        if (inline is null)
        {
            value = true;
            return true;
        }

        return bool.TryParse(inline, out value);
    }

    private static bool TryVerbosity(string? value, out Verbosity verbosity)
    {
        verbosity = Verbosity.Normal;
        switch (value?.ToLowerInvariant())
        {
            case "quiet" or "q":
                verbosity = Verbosity.Quiet;
                return true;
            case "minimal" or "m":
                verbosity = Verbosity.Minimal;
                return true;
            case "normal" or "n":
                verbosity = Verbosity.Normal;
                return true;
            case "verbose" or "v":
                verbosity = Verbosity.Verbose;
                return true;
            case "diagnostic" or "diag" or "d":
                verbosity = Verbosity.Diagnostic;
                return true;
            default:
                return false;
        }
    }
}
