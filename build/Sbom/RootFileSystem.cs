namespace Build.Sbom;

/// <summary>
/// Makes an unpacked image root file system safe to catalogue with a generator that runs on the build host.
/// A symbolic link in an image is resolved by the container's root (<c>/etc/localtime -> /usr/share/zoneinfo/UTC</c>);
/// on the host the same link leads out of the rootfs (sbom-tool follows it and lists the host's files and hashes), so
/// every link is removed from the scratch copy before the generator runs. What is left is the image's own files, each
/// once under its real path: the SBOM lists files, not the names that point at them.
/// </summary>
public static class RootFileSystem
{
    /// <summary>Removes the symbolic links under <paramref name="rootfs"/> (never following a link); returns how many.</summary>
    public static int Neutralise(string rootfs)
    {
        var root = new DirectoryInfo(rootfs);
        if (root.LinkTarget is not null || !root.Exists)
        {
            throw new InvalidOperationException($"{rootfs} is not a directory (or is itself a link): it cannot be an unpacked image.");
        }

        var removed = 0;
        var pending = new Stack<DirectoryInfo>([root]);
        while (pending.TryPop(out var directory))
        {
            foreach (var entry in directory.EnumerateFileSystemInfos("*", new EnumerationOptions { AttributesToSkip = 0, RecurseSubdirectories = false, IgnoreInaccessible = false }))
            {
                if (entry.LinkTarget is not null)
                {
                    File.Delete(entry.FullName); // unlink(2): removes the link itself, never its target
                    removed++;
                }
                else if (entry is DirectoryInfo child)
                {
                    pending.Push(child);
                }
            }
        }

        return removed;
    }
}
