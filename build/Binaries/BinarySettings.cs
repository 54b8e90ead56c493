using Build.Configuration;
using Cake.Core;

namespace Build.Binaries;

/// <summary>cake.config [Release] Binaries: the absolute paths, inside the image, of the files released as archives (none: the image's entrypoint).</summary>
public sealed record BinarySettings(IReadOnlyList<string> Paths)
{
    public const string Key = "Release_Binaries";

    /// <summary>The longest file name a ustar archive entry holds without a prefix.</summary>
    private const int MaxFileNameBytes = 100;

    public static BinarySettings Default { get; } = new([]);

    public static BinarySettings Read(ICakeContext context) =>
        context.Configuration.GetValue(Key) is { Length: > 0 } value ? Parse(value) : Default;

    /// <summary>Comma-separated absolute paths; every problem is reported at once, naming the setting and the fix.</summary>
    public static BinarySettings Parse(string value)
    {
        var problems = new List<string>();
        var paths = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var path in paths)
        {
            if (Problem(path) is { } problem)
            {
                problems.Add($"{Key} {Diagnostics.InputText.Quote(path.Replace("\0", "\\0").Replace("\n", "\\n").Replace("\r", "\\r"))} {problem}");
            }
        }

        foreach (var duplicate in paths.Where(path => Problem(path) is null).GroupBy(FileName, StringComparer.Ordinal).Where(group => group.Count() > 1))
        {
            problems.Add($"{Key} lists two files named {duplicate.Key} ({string.Join(", ", duplicate)}): an archive holds each binary by its file name, so list one of them.");
        }

        if (problems.Count > 0)
        {
            throw new BuildConfigurationException(problems);
        }

        return paths.Length == 0 ? Default : new BinarySettings(paths);
    }

    /// <summary>The name a binary has in its archive: the last part of its path in the image.</summary>
    public static string FileName(string path) => path[(path.LastIndexOf('/') + 1)..];

    private static string? Problem(string path)
    {
        if (path.Contains('\0') || path.Contains('\n') || path.Contains('\r'))
        {
            return "holds a NUL or line break: write each path inside the image plainly, e.g. /rds-csi-driver.";
        }

        if (!path.StartsWith('/'))
        {
            return "is not an absolute path inside the image: write it from the image's root, e.g. /rds-csi-driver or /usr/local/bin/rds-csi-driver.";
        }

        var parts = path.Split('/');
        if (parts.Contains(".."))
        {
            return "holds '..': name the file by its plain absolute path inside the image, e.g. /usr/local/bin/rds-csi-driver.";
        }

        var name = parts[^1];
        if (name is "" or ".")
        {
            return "names a folder, not a file: write the path of the binary itself, e.g. /rds-csi-driver.";
        }

        if (name is "LICENSE" or "README.md")
        {
            return "has the file name of a document every archive carries (LICENSE, README.md): list the binaries only.";
        }

        return System.Text.Encoding.UTF8.GetByteCount(name) > MaxFileNameBytes
            ? $"has a file name longer than {MaxFileNameBytes} bytes, more than a reproducible (ustar) archive entry holds: release a binary with a shorter name."
            : null;
    }
}
