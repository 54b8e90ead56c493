namespace Build.Artifacts;

/// <summary>
/// The only way the build deletes a folder: it must lie inside the artifacts folder, be reached through no link below
/// it, and be one the build made itself (each is recorded in artifacts/.made-by-build when made). Anything else, such as
/// a path that a value like <c>--version=../../..</c> would name, is refused with a message naming it.
/// </summary>
public static class MadeFolders
{
    public const string LedgerFileName = ".made-by-build";

    /// <summary>Deletes <paramref name="folder"/> when an earlier run made it, then makes it afresh (recorded as the build's).</summary>
    /// <exception cref="InvalidOperationException">the folder is outside <paramref name="artifacts"/>, reached through a link, or not the build's.</exception>
    public static void Recreate(string artifacts, string folder)
    {
        Delete(artifacts, folder);
        var relative = Relative(artifacts, folder);
        var ledger = Path.Combine(artifacts, LedgerFileName);
        if (!Recorded(ledger).Contains(relative))
        {
            Directory.CreateDirectory(artifacts);
            File.AppendAllText(ledger, relative + "\n");
        }

        Directory.CreateDirectory(folder);
    }

    /// <summary>Deletes <paramref name="folder"/> (with what it holds) if it exists; see <see cref="Recreate"/> for what is refused.</summary>
    public static void Delete(string artifacts, string folder)
    {
        var relative = Relative(artifacts, folder);
        if (!Directory.Exists(folder) && new FileInfo(folder).LinkTarget is null)
        {
            return;
        }

        if (!Recorded(Path.Combine(artifacts, LedgerFileName)).Contains(relative))
        {
            throw new InvalidOperationException($"Refusing to delete {Path.GetFullPath(folder)}: the build did not make it (it is not listed in {Path.Combine(artifacts, LedgerFileName)}). Move it out of the way yourself if it can go.");
        }

        Directory.Delete(folder, recursive: true);
    }

    /// <summary>The folder's path below <paramref name="artifacts"/>, '/'-separated; refused unless strictly inside it and free of links.</summary>
    private static string Relative(string artifacts, string folder)
    {
        var root = Path.GetFullPath(artifacts);
        var full = Path.GetFullPath(folder);
        var relative = Path.GetRelativePath(root, full);
        if (relative == "." || relative == ".." || relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            throw new InvalidOperationException($"Refusing to delete {full}: the build deletes only folders it made inside {root}.");
        }

        var current = root;
        foreach (var part in relative.Split(Path.DirectorySeparatorChar))
        {
            current = Path.Combine(current, part);
            if (new FileInfo(current).LinkTarget is { } target)
            {
                throw new InvalidOperationException($"Refusing to delete {full}: {current} is a link (to {target}), and the build deletes nothing it reaches through a link.");
            }
        }

        return relative.Replace(Path.DirectorySeparatorChar, '/');
    }

    private static HashSet<string> Recorded(string ledger) =>
        File.Exists(ledger) ? File.ReadAllLines(ledger).Where(line => line.Length > 0).ToHashSet(StringComparer.Ordinal) : [];
}
