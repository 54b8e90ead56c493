using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Build.Binaries;
using Build.Registry;

namespace Build.Tests.Binaries;

/// <summary>Hand-made image layers: tar archives (gzip'd unless asked not to) of the entries given, in order.</summary>
internal static class Layers
{
    public static (string Name, TarEntryType Type, string? Content) File(string name, string content) => (name, TarEntryType.RegularFile, content);

    public static (string Name, TarEntryType Type, string? Content) Folder(string name) => (name, TarEntryType.Directory, null);

    public static (string Name, TarEntryType Type, string? Content) Symlink(string name, string target) => (name, TarEntryType.SymbolicLink, target);

    public static (string Name, TarEntryType Type, string? Content) HardLink(string name, string target) => (name, TarEntryType.HardLink, target);

    public static byte[] Tar(params (string Name, TarEntryType Type, string? Content)[] entries)
    {
        using var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (name, type, content) in entries)
            {
                var entry = new PaxTarEntry(type, name) { Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute };
                if (type is TarEntryType.SymbolicLink or TarEntryType.HardLink)
                {
                    entry.LinkName = content!;
                }
                else if (type == TarEntryType.RegularFile)
                {
                    entry.DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content!));
                }

                writer.WriteEntry(entry);
            }
        }

        return tar.ToArray();
    }

    public static byte[] Gzip(byte[] content)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(content);
        }

        return output.ToArray();
    }

    public static ImageLayer Layer(params (string Name, TarEntryType Type, string? Content)[] entries)
    {
        var blob = Gzip(Tar(entries));
        return new ImageLayer(OciDigest.Sha256(blob), blob);
    }
}
