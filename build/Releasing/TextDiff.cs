using System.Text;

namespace Build.Releasing;

/// <summary>A minimal line diff for showing what a release changed in a file (only changed lines, with their numbers).</summary>
public static class TextDiff
{
    public static string Changes(string name, string before, string after)
    {
        var old = before.Split('\n');
        var @new = after.Split('\n');
        var text = new StringBuilder();
        for (var line = 0; line < Math.Max(old.Length, @new.Length); line++)
        {
            var a = line < old.Length ? old[line] : null;
            var b = line < @new.Length ? @new[line] : null;
            if (a == b)
            {
                continue;
            }

            if (text.Length == 0)
            {
                text.Append("--- ").Append(name).Append(" (committed)\n+++ ").Append(name).Append(" (released)\n");
            }

            text.Append("@@ line ").Append(line + 1).Append('\n');
            if (a is not null)
            {
                text.Append('-').Append(a).Append('\n');
            }

            if (b is not null)
            {
                text.Append('+').Append(b).Append('\n');
            }
        }

        return text.ToString();
    }
}
