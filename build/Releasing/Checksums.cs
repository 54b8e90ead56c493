using System.Security.Cryptography;
using System.Text;

namespace Build.Releasing;

/// <summary>A SHA256SUMS file in the format sha256sum -c reads: "&lt;hex&gt;  &lt;name&gt;", sorted by name.</summary>
public static class Checksums
{
    public static string Compute(IEnumerable<string> files)
    {
        var text = new StringBuilder();
        foreach (var file in files.OrderBy(Path.GetFileName, StringComparer.Ordinal))
        {
            text.Append(Sha256(file)).Append("  ").Append(Path.GetFileName(file)).Append('\n');
        }

        return text.ToString();
    }

    public static string Sha256(string file)
    {
        using var stream = File.OpenRead(file);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>The files whose lines do not match: names missing on disk or with another digest.</summary>
    public static IReadOnlyList<string> Mismatches(string sums, string directory)
    {
        var wrong = new List<string>();
        foreach (var line in sums.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split("  ", 2);
            var file = Path.Combine(directory, parts[1]);
            if (!File.Exists(file))
            {
                wrong.Add($"{parts[1]} (missing)");
            }
            else if (Sha256(file) != parts[0])
            {
                wrong.Add($"{parts[1]} (sha256 differs)");
            }
        }

        return wrong;
    }
}
