using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Build.Charts;

/// <summary>
/// The glob syntax of Go's <c>filepath.Match</c>, which .helmignore uses: <c>*</c> is any run of characters but '/',
/// <c>?</c> one character but '/', <c>[a-z]</c> and <c>[^a-z]</c> classes, and <c>\</c> escapes the next character.
/// </summary>
internal static class GoGlob
{
    /// <summary>A regular expression matching what the glob matches, whole strings only, in time linear in the input.</summary>
    /// <exception cref="FormatException">the glob is malformed (Go's ErrBadPattern), saying how.</exception>
    public static Regex Compile(string glob)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < glob.Length; i++)
        {
            switch (glob[i])
            {
                case '*':
                    regex.Append("[^/]*");
                    break;
                case '?':
                    regex.Append("[^/]");
                    break;
                case '[':
                    i = AppendClass(glob, i + 1, regex);
                    break;
                case '\\':
                    if (++i == glob.Length)
                    {
                        throw new FormatException("it ends with a lone \\");
                    }

                    regex.Append(Literal(glob[i]));
                    break;
                default:
                    regex.Append(Literal(glob[i]));
                    break;
            }
        }

        // NonBacktracking: an automaton, linear in the name's length by construction, so that a rule such as
        // *a*a*a*a*b cannot make packaging hang on a long file name (the backtracking engine is exponential there).
        return new Regex(regex.Append('$').ToString(), RegexOptions.CultureInvariant | RegexOptions.Singleline | RegexOptions.NonBacktracking);
    }

    /// <summary>Appends the class that starts after '[' at <paramref name="start"/>; returns the index of its ']'.</summary>
    private static int AppendClass(string glob, int start, StringBuilder regex)
    {
        var i = start;
        regex.Append('[');
        if (i < glob.Length && glob[i] == '^')
        {
            regex.Append('^');
            i++;
        }

        for (var ranges = 0; ; ranges++)
        {
            if (i < glob.Length && glob[i] == ']' && ranges > 0)
            {
                regex.Append(']');
                return i;
            }

            var low = ClassCharacter(glob, ref i);
            var high = low;
            if (i < glob.Length && glob[i] == '-')
            {
                i++;
                high = ClassCharacter(glob, ref i);
                if (high < low)
                {
                    throw new FormatException($"the range {low}-{high} in [...] runs backwards");
                }
            }

            regex.Append(Escaped(low)).Append('-').Append(Escaped(high));
        }
    }

    private static char ClassCharacter(string glob, ref int i)
    {
        if (i >= glob.Length)
        {
            throw new FormatException("a [ is never closed by ]");
        }

        if (glob[i] is '-' or ']')
        {
            throw new FormatException($"'{glob[i]}' cannot start a range in [...]; escape it as \\{glob[i]}");
        }

        if (glob[i] == '\\' && ++i >= glob.Length)
        {
            throw new FormatException("a [ is never closed by ]");
        }

        return glob[i++];
    }

    private static string Literal(char c) => Regex.Escape(c.ToString());

    private static string Escaped(char c) => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture);
}
