using System.Formats.Tar;
using System.IO.Compression;
using Build.Configuration;

namespace Build.Binaries;

/// <summary>A file an archive holds: its name there (no folder), its content and whether it is executable.</summary>
public sealed record ArchiveFile(string Name, byte[] Content, bool Executable);

/// <summary>
/// The reproducible release archive of one platform's binaries, <c>NAME_VERSION_OS_ARCH[_VARIANT].tar.gz</c>: ustar
/// entries sorted by name at the top level, all with the commit's time, owner and group 0 (no names), mode 0755 for a
/// binary and 0644 for LICENSE/README.md, gzip'd with no name or time in the header, so two runs give the same bytes.
/// </summary>
public static class BinaryArchive
{
    public const string Extension = ".tar.gz";

    /// <summary>The documents every archive carries when the repository's root has them.</summary>
    public static readonly IReadOnlyList<string> Documents = ["LICENSE", "README.md"];

    private const UnixFileMode Executable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private const UnixFileMode Readable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>rds-csi-driver_1.2.3_linux_amd64.tar.gz: named after the first binary.</summary>
    public static string FileName(string binary, string version, Platform platform) =>
        $"{binary}_{version}_{platform.Os}_{platform.Architecture}{(platform.Variant is null ? string.Empty : "_" + platform.Variant)}{Extension}";

    /// <summary>The archive of <paramref name="files"/>, dated <paramref name="commitTime"/> (whole seconds).</summary>
    public static byte[] Pack(IEnumerable<ArchiveFile> files, DateTimeOffset commitTime)
    {
        var time = DateTimeOffset.FromUnixTimeSeconds(commitTime.ToUnixTimeSeconds());
        using var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Ustar, leaveOpen: true))
        {
            foreach (var file in files.OrderBy(file => file.Name, StringComparer.Ordinal))
            {
                using var data = new MemoryStream(file.Content, writable: false);
                writer.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, file.Name)
                {
                    Mode = file.Executable ? Executable : Readable,
                    ModificationTime = time,
                    Uid = 0,
                    Gid = 0,
                    UserName = string.Empty,
                    GroupName = string.Empty,
                    DataStream = data,
                });
            }
        }

        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(tar.GetBuffer().AsSpan(0, (int)tar.Length));
        }

        var bytes = output.ToArray();
        if (bytes.Length < 10 || bytes[3] != 0 || bytes.AsSpan(4, 4).ContainsAnyExcept((byte)0))
        {
            throw new InvalidOperationException("GZipStream wrote a header with flags or a time; the archive would not be reproducible.");
        }

        // OS "unknown", as Go writes it, so that the bytes do not depend on the machine.
        bytes[9] = 0xff;
        return bytes;
    }

    /// <summary>The archives in <paramref name="folder"/> (the Binaries task's, or a release bundle), by name.</summary>
    public static IReadOnlyList<Cake.Core.IO.FilePath> In(string folder) =>
        Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*" + Extension).Order(StringComparer.Ordinal).Select(file => new Cake.Core.IO.FilePath(file)).ToList()
            : [];

    /// <summary>The regular files of an archive by name (what VerifyRelease compares with the image).</summary>
    public static IReadOnlyDictionary<string, byte[]> Read(string archive)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        using var gzip = new GZipStream(File.OpenRead(archive), CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        while (tar.GetNextEntry() is { } entry)
        {
            if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile && entry.DataStream is { } data && entry.Length <= ImageFileSystem.MaxEntryBytes)
            {
                using var content = new MemoryStream();
                data.CopyTo(content);
                files[entry.Name] = content.ToArray();
            }
        }

        return files;
    }
}
