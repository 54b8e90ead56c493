namespace Build.Releasing;

/// <summary>A file the release would copy from the repository breaks <see cref="SourceFiles"/>' rule; the message names it.</summary>
public sealed class SourceFileException(IReadOnlyList<string> problems)
    : Exception(problems.Count == 1 ? problems[0] : "Files the release would publish are not safe to copy:" + string.Concat(problems.Select(problem => Environment.NewLine + "  - " + problem)))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}

/// <summary>
/// The one rule for every file the release copies from the repository into what it publishes (the chart, the
/// manifests, the CHANGELOG section in the notes): a symbolic link is followed only while it stays inside its root
/// folder (the chart, the manifests folder, the repository), as a chroot would resolve it, and is then packed as its
/// target's content, as helm does. A link that leaves the root (<c>environ -&gt; /proc/self/environ</c>,
/// <c>passwd -&gt; /etc/passwd</c>, a folder link to <c>/etc/apt</c>), reaches <c>/proc</c>, <c>/sys</c> or <c>/dev</c>,
/// dangles, or makes a folder loop is refused, naming the file; nothing is read through it.
/// </summary>
public static class SourceFiles
{
    private const int MaxLinks = 40;
    private static readonly string[] SpecialRoots = ["/proc", "/sys", "/dev"];

    /// <summary>The content of <paramref name="file"/>, a file under <paramref name="root"/>, read only if the rule holds.</summary>
    /// <exception cref="SourceFileException">the file is, or passes through, a link that breaks the rule.</exception>
    public static byte[] ReadAllBytes(string root, string file) => File.ReadAllBytes(Resolve(root, file));

    /// <inheritdoc cref="ReadAllBytes"/>
    public static string ReadAllText(string root, string file) => File.ReadAllText(Resolve(root, file));

    /// <summary>The path <paramref name="file"/> really names (every link resolved), when it stays inside <paramref name="root"/>.</summary>
    /// <exception cref="SourceFileException">it leaves the root, reaches /proc, /sys or /dev, or dangles.</exception>
    public static string Resolve(string root, string file) =>
        Problem(root, file) is { } problem ? throw new SourceFileException([problem]) : RealPath(file);

    /// <summary>Every file under <paramref name="root"/> (links to files and folders inside it resolved), sorted by relative path ('/'-separated).</summary>
    /// <exception cref="SourceFileException">listing every link under the root that breaks the rule.</exception>
    public static IReadOnlyList<(string Relative, string Path)> EnumerateFiles(string root)
    {
        var files = new List<(string, string)>();
        var problems = new List<string>();
        Walk(root, root, "", [RealPath(root)], files, problems);
        return problems.Count > 0 ? throw new SourceFileException(problems) : files.OrderBy(file => file.Item1, StringComparer.Ordinal).ToList();
    }

    /// <summary>Every link under <paramref name="root"/> that breaks the rule, one message each (empty when none does).</summary>
    public static IReadOnlyList<string> Problems(string root)
    {
        if (!Directory.Exists(root))
        {
            return [];
        }

        var problems = new List<string>();
        Walk(root, root, "", [RealPath(root)], [], problems);
        return problems;
    }

    /// <summary>Throws when any link under <paramref name="root"/> breaks the rule, naming each.</summary>
    public static void RequireSafe(string root)
    {
        if (Problems(root) is { Count: > 0 } problems)
        {
            throw new SourceFileException(problems);
        }
    }

    private static void Walk(string root, string directory, string relative, HashSet<string> ancestors, List<(string, string)> files, List<string> problems)
    {
        foreach (var entry in Directory.EnumerateFileSystemEntries(directory).Order(StringComparer.Ordinal))
        {
            var name = System.IO.Path.GetFileName(entry);
            var path = relative.Length == 0 ? name : $"{relative}/{name}";
            if (Problem(root, entry) is { } problem)
            {
                problems.Add(problem);
                continue;
            }

            if (!Directory.Exists(entry))
            {
                files.Add((path, entry));
                continue;
            }

            var real = RealPath(entry);
            if (!ancestors.Add(real))
            {
                problems.Add($"{entry} is a link to a folder that contains it ({new FileInfo(entry).LinkTarget}): it would make the release loop. Remove the link.");
                continue;
            }

            Walk(root, entry, path, ancestors, files, problems);
            ancestors.Remove(real);
        }
    }

    /// <summary>Why <paramref name="file"/> may not be copied out of <paramref name="root"/>, or null when it may.</summary>
    private static string? Problem(string root, string file)
    {
        string real;
        try
        {
            real = RealPath(file);
        }
        catch (IOException exception)
        {
            return $"{file}: {exception.Message}";
        }

        var realRoot = RealPath(root);
        var linked = real != System.IO.Path.GetFullPath(file) ? $" (a link to {real})" : string.Empty;
        if (!Inside(real, realRoot))
        {
            return $"{file}{linked} leaves {root}: the release copies nothing from outside it (a link there would publish that file's content, such as /proc/self/environ's secrets). Replace the link by the file itself, or remove it.";
        }

        if (SpecialRoots.FirstOrDefault(special => Inside(real, special)) is { } where)
        {
            return $"{file}{linked} reaches {where}: the release never copies from /proc, /sys or /dev. Remove the link.";
        }

        if (!File.Exists(real) && !Directory.Exists(real))
        {
            return $"{file}{linked} does not exist (a dangling link): fix or remove the link.";
        }

        return null;
    }

    private static bool Inside(string path, string folder) =>
        path == folder || path.StartsWith(folder.TrimEnd('/') + "/", StringComparison.Ordinal);

    /// <summary>
    /// The path with every link resolved component by component, '..' taken after each link as the kernel takes it
    /// (realpath(3)); a missing last part is left as it is, so that a dangling link shows where it points.
    /// </summary>
    private static string RealPath(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            var full = System.IO.Path.GetFullPath(path);
            return File.ResolveLinkTarget(full, returnFinalTarget: true)?.FullName ?? full;
        }

        var pending = new Stack<string>(System.IO.Path.GetFullPath(path).Split('/').Reverse());
        var current = "/";
        var links = 0;
        while (pending.TryPop(out var part))
        {
            if (part is "" or ".")
            {
                continue;
            }

            if (part == "..")
            {
                current = System.IO.Path.GetDirectoryName(current) ?? "/";
                continue;
            }

            var next = System.IO.Path.Join(current, part);
            var target = new FileInfo(next).LinkTarget;
            if (target is null)
            {
                current = next;
                continue;
            }

            if (++links > MaxLinks)
            {
                throw new IOException($"more than {MaxLinks} links in a row resolving {path} (a link loop)");
            }

            foreach (var component in target.Split('/').Reverse())
            {
                pending.Push(component);
            }

            if (target.StartsWith('/'))
            {
                current = "/";
            }
        }

        return current;
    }
}
