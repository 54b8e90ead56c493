using System.Formats.Tar;
using System.IO.Compression;

namespace Build.Binaries;

/// <summary>A layer blob of an image: its digest (for messages) and its bytes (a tar, gzip'd or not).</summary>
public sealed record ImageLayer(string Digest, byte[] Blob);

/// <summary>A layer, or a file in one, that this build refuses to read; the message names the layer and the entry.</summary>
public sealed class ImageFileException(string message) : Exception(message);

/// <summary>
/// The file tree an image's layers make, read the way a container runtime stacks them, without extracting anything:
/// layers in order, the last layer's version of a path wins, whiteouts (<c>.wh.NAME</c>, <c>.wh..wh..opq</c>) remove
/// what lower layers had. A path is resolved through symbolic links inside the image only (a link that climbs above the
/// image's root is refused) and a hard link names the file it links to; an entry with <c>..</c> or larger than
/// <see cref="MaxEntryBytes"/> is refused.
/// </summary>
public sealed class ImageFileSystem
{
    /// <summary>The largest file entry a layer may have.</summary>
    public const long MaxEntryBytes = 512L * 1024 * 1024;

    private const string WhiteoutPrefix = ".wh.";
    private const string OpaqueWhiteout = ".wh..wh..opq";
    private const int MaxLinks = 40;

    private readonly IReadOnlyList<ImageLayer> _layers;
    private readonly Dictionary<string, Node> _nodes = new(StringComparer.Ordinal) { [string.Empty] = new Node(Kind.Directory, null, -1, -1) };

    private ImageFileSystem(IReadOnlyList<ImageLayer> layers) => _layers = layers;

    private enum Kind
    {
        Directory,
        File,
        Symlink,
        HardLinkToNothing,
        Other,
    }

    /// <summary>Where a path's content is: the layer and the entry's ordinal in it; a symbolic link's target.</summary>
    private sealed record Node(Kind Kind, string? Target, int Layer, int Entry);

    /// <summary>Reads the tree of <paramref name="layers"/> (lowest first).</summary>
    public static ImageFileSystem Read(IReadOnlyList<ImageLayer> layers)
    {
        var tree = new ImageFileSystem(layers);
        for (var layer = 0; layer < layers.Count; layer++)
        {
            tree.Apply(layer, Entries(layers[layer], layer).ToList());
        }

        return tree;
    }

    /// <summary>The content of the regular file <paramref name="path"/> (absolute, in the image), links resolved inside the image.</summary>
    /// <exception cref="ImageFileException">the path does not name a regular file of the image, or a link leads out of it.</exception>
    public byte[] ReadFile(string path)
    {
        var resolved = Resolve(path);
        var node = _nodes[resolved];
        return node.Kind switch
        {
            Kind.File => Content(node),
            Kind.HardLinkToNothing => throw new ImageFileException($"{path} in the image is a hard link to {node.Target}, which no layer before it holds as a regular file: the image is malformed."),
            Kind.Directory => throw new ImageFileException($"{path} in the image is a folder, not a file: name the binary itself in {BinarySettings.Key}."),
            _ => throw new ImageFileException($"{path} in the image is not a regular file (a device, pipe or socket): name the binary itself in {BinarySettings.Key}."),
        };
    }

    /// <summary>The path (without the leading '/') that <paramref name="path"/> names once every symbolic link on the way is followed inside the image.</summary>
    private string Resolve(string path) => Canonical(path, followLast: true, mustExist: true, path);

    /// <summary>
    /// <paramref name="path"/> with the symbolic links on its way followed inside the image (the last one too when
    /// <paramref name="followLast"/>), as a container runtime resolves a layer entry's folder before it writes there;
    /// with <paramref name="mustExist"/> every part must be in the tree. A link that climbs above the root is refused.
    /// </summary>
    private string Canonical(string path, bool followLast, bool mustExist, string shown)
    {
        var pending = new Stack<string>(path.Split('/').Reverse());
        var resolved = new List<string>();
        var links = 0;
        while (pending.TryPop(out var part))
        {
            if (part is "" or ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (resolved.Count == 0)
                {
                    throw new ImageFileException($"{shown}: a symbolic link on the way climbs above the image's root; a link that leads out of the image is never followed.");
                }

                resolved.RemoveAt(resolved.Count - 1);
                continue;
            }

            var candidate = string.Join('/', resolved.Append(part));
            var last = !pending.Any(rest => rest is not ("" or "."));
            if (!_nodes.TryGetValue(candidate, out var node))
            {
                if (mustExist)
                {
                    throw new ImageFileException($"{shown} is not in the image (no layer holds /{candidate}): check {BinarySettings.Key}, or the image's entrypoint when it is not set.");
                }
            }
            else if (node.Kind == Kind.Symlink && (followLast || !last))
            {
                if (++links > MaxLinks)
                {
                    throw new ImageFileException($"{shown}: more than {MaxLinks} symbolic links on the way (a loop?).");
                }

                if (node.Target!.StartsWith('/'))
                {
                    resolved.Clear();
                }

                foreach (var next in node.Target.Split('/').Reverse())
                {
                    pending.Push(next);
                }

                continue;
            }
            else if (!last && node.Kind != Kind.Directory && mustExist)
            {
                throw new ImageFileException($"{shown}: /{candidate} in the image is not a folder.");
            }

            resolved.Add(part);
        }

        return string.Join('/', resolved);
    }

    private byte[] Content(Node node)
    {
        foreach (var (entry, ordinal) in RawEntries(_layers[node.Layer]).Select((entry, ordinal) => (entry, ordinal)))
        {
            if (ordinal != node.Entry)
            {
                continue;
            }

            using var content = new MemoryStream(checked((int)entry.Length));
            entry.DataStream?.CopyTo(content);
            return content.ToArray();
        }

        throw new InvalidOperationException($"Entry {node.Entry} of layer {_layers[node.Layer].Digest} disappeared between two reads.");
    }

    /// <summary>One layer over the tree: its whiteouts remove from the layers below, then its entries are added in order.</summary>
    private void Apply(int layer, IReadOnlyList<LayerEntry> written)
    {
        var entries = written.Select(entry => entry with
        {
            Path = Join(Canonical(Parent(entry.Path), followLast: true, mustExist: false, $"Layer {layer + 1} ({_layers[layer].Digest}) entry /{entry.Path}"), Name(entry.Path)),
            LinkName = entry.Type == TarEntryType.HardLink ? Canonical(entry.LinkName!, followLast: false, mustExist: false, $"Layer {layer + 1} ({_layers[layer].Digest}) hard link /{entry.Path}") : entry.LinkName,
        }).ToList();
        foreach (var entry in entries.Where(entry => Name(entry.Path).StartsWith(WhiteoutPrefix, StringComparison.Ordinal)))
        {
            var parent = Parent(entry.Path);
            if (Name(entry.Path) == OpaqueWhiteout)
            {
                RemoveUnder(parent);
            }
            else
            {
                var hidden = Join(parent, Name(entry.Path)[WhiteoutPrefix.Length..]);
                _nodes.Remove(hidden);
                RemoveUnder(hidden);
            }
        }

        foreach (var entry in entries.Where(entry => !Name(entry.Path).StartsWith(WhiteoutPrefix, StringComparison.Ordinal)))
        {
            var node = entry.Type switch
            {
                TarEntryType.Directory => new Node(Kind.Directory, null, layer, entry.Ordinal),
                TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile => new Node(Kind.File, null, layer, entry.Ordinal),
                TarEntryType.SymbolicLink => new Node(Kind.Symlink, entry.LinkName, layer, entry.Ordinal),
                TarEntryType.HardLink => _nodes.TryGetValue(entry.LinkName!, out var target) && target.Kind == Kind.File
                    ? target
                    : new Node(Kind.HardLinkToNothing, "/" + entry.LinkName, layer, entry.Ordinal),
                _ => new Node(Kind.Other, null, layer, entry.Ordinal),
            };
            if (node.Kind == Kind.Directory && _nodes.TryGetValue(entry.Path, out var existing) && existing.Kind == Kind.Directory)
            {
                continue;
            }

            _nodes[entry.Path] = node;
            if (node.Kind != Kind.Directory)
            {
                RemoveUnder(entry.Path);
            }

            // A folder the entry is written into replaces what a lower layer had there (a file, say).
            for (var parent = Parent(entry.Path); parent.Length > 0 && (!_nodes.TryGetValue(parent, out var there) || there.Kind != Kind.Directory); parent = Parent(parent))
            {
                _nodes[parent] = new Node(Kind.Directory, null, layer, -1);
            }
        }
    }

    private void RemoveUnder(string folder)
    {
        var prefix = folder.Length == 0 ? string.Empty : folder + "/";
        foreach (var path in _nodes.Keys.Where(path => path.Length > prefix.Length && path.StartsWith(prefix, StringComparison.Ordinal)).ToList())
        {
            _nodes.Remove(path);
        }
    }

    private sealed record LayerEntry(string Path, TarEntryType Type, string? LinkName, int Ordinal);

    /// <summary>The entries of a layer by their normalized path (no leading '/' or './'), each checked.</summary>
    private static IEnumerable<LayerEntry> Entries(ImageLayer layer, int index)
    {
        var ordinal = -1;
        foreach (var entry in RawEntries(layer))
        {
            ordinal++;
            var path = Normalize(entry.Name, layer, index);
            if (path.Length == 0)
            {
                continue;
            }

            if (entry.Length > MaxEntryBytes)
            {
                throw new ImageFileException($"Layer {index + 1} ({layer.Digest}) holds /{path} of {entry.Length} bytes, more than the {MaxEntryBytes / (1024 * 1024)} MiB this build reads from an image: refused.");
            }

            var link = entry.EntryType switch
            {
                TarEntryType.SymbolicLink => entry.LinkName,
                TarEntryType.HardLink => Normalize(entry.LinkName, layer, index),
                _ => null,
            };
            yield return new LayerEntry(path, entry.EntryType, link, ordinal);
        }
    }

    /// <summary>The tar entries of a layer, gzip'd or plain (zstd is refused, naming the layer).</summary>
    private static IEnumerable<TarEntry> RawEntries(ImageLayer layer)
    {
        var blob = layer.Blob;
        if (blob is [0x28, 0xb5, 0x2f, 0xfd, ..])
        {
            throw new ImageFileException($"Layer {layer.Digest} is zstd-compressed, which this build does not read: build the image with gzip layers (buildah and buildx do by default).");
        }

        Stream stream = new MemoryStream(blob, writable: false);
        if (blob is [0x1f, 0x8b, ..])
        {
            stream = new GZipStream(stream, CompressionMode.Decompress);
        }

        using (stream)
        using (var reader = new TarReader(stream))
        {
            while (true)
            {
                TarEntry? entry;
                try
                {
                    entry = reader.GetNextEntry();
                }
                catch (Exception exception) when (exception is InvalidDataException or FormatException or EndOfStreamException)
                {
                    throw new ImageFileException($"Layer {layer.Digest} is not a readable tar archive ({exception.Message}).");
                }

                if (entry is null)
                {
                    yield break;
                }

                yield return entry;
            }
        }
    }

    private static string Normalize(string name, ImageLayer layer, int index)
    {
        var parts = name.Split('/').Where(part => part is not ("" or ".")).ToList();
        if (parts.Contains(".."))
        {
            throw new ImageFileException($"Layer {index + 1} ({layer.Digest}) has an entry '{name}' with '..' in its path: a layer that writes outside its folder is refused.");
        }

        return string.Join('/', parts);
    }

    private static string Parent(string path) => path.LastIndexOf('/') is var slash and >= 0 ? path[..slash] : string.Empty;

    private static string Name(string path) => path[(path.LastIndexOf('/') + 1)..];

    private static string Join(string folder, string name) => folder.Length == 0 ? name : folder + "/" + name;
}
