using Build.Images;
using Build.Yaml;
using Cake.Core.IO;

namespace Build.Releasing;

/// <summary>The files of a release, gathered in artifacts/release/&lt;version&gt;/; each written only when it changes.</summary>
public sealed class ReleaseBundle(DirectoryPath directory)
{
    public const string Checksums = "SHA256SUMS";
    public const string NotesFile = "notes.md";

    private readonly List<string> _assets = [];

    public DirectoryPath Directory { get; } = directory;

    /// <summary>Every asset so far, by file name (what SHA256SUMS lists and what is uploaded).</summary>
    public IReadOnlyList<string> Assets => _assets;

    public int Written { get; private set; }

    public string PathOf(string name) => Directory.CombineWithFilePath(name).FullPath;

    public void Copy(FilePath file) => Add(file.GetFilename().FullPath, File.ReadAllBytes(file.FullPath));

    /// <summary>Copies a file of the repository (under <paramref name="root"/>), refused when it is a link out of it (see <see cref="SourceFiles"/>).</summary>
    public void CopyFromRepository(FilePath file, DirectoryPath root) => Add(file.GetFilename().FullPath, SourceFiles.ReadAllBytes(root.FullPath, file.FullPath));

    public void Add(string name, byte[] content)
    {
        if (FileWriter.WriteIfChanged(PathOf(name), content))
        {
            Written++;
        }

        if (!_assets.Contains(name))
        {
            _assets.Add(name);
        }
    }

    /// <summary>A Kubernetes manifest with the driver image pinned to the digest (YAML-aware; a kustomization's images: entry too).</summary>
    /// <param name="publishedName">The image name the committed manifests use (cake.config's [Release] Image).</param>
    public void AddPinnedManifest(FilePath manifest, PushedImage image, string publishedName)
    {
        var text = SourceFiles.ReadAllText(manifest.GetDirectory().FullPath, manifest.FullPath);
        var name = manifest.GetFilename().FullPath;
        var pinned = name is "kustomization.yaml" or "kustomization.yml"
            ? KustomizationPinner.Pin(text, publishedName, image.IndexDigest, manifest.FullPath, image.Repository.FullName)
            : ContainerImagePinner.Pin(text, publishedName, image.IndexDigest, manifest.FullPath, image.Repository.FullName).Yaml;
        Add(name, System.Text.Encoding.UTF8.GetBytes(pinned));
    }

    /// <summary>Writes SHA256SUMS over the assets so far and returns its path (it is an asset too, not listed in itself).</summary>
    public FilePath WriteChecksums()
    {
        var sums = Releasing.Checksums.Compute(_assets.Where(name => name != Checksums).Select(PathOf));
        Add(Checksums, System.Text.Encoding.UTF8.GetBytes(sums));
        return new FilePath(PathOf(Checksums));
    }

    public void WriteNotes(string notes)
    {
        if (FileWriter.WriteIfChanged(PathOf(NotesFile), notes))
        {
            Written++;
        }
    }

    /// <summary>Removes files an earlier run of this version left that are no longer assets; returns their names.</summary>
    public IReadOnlyList<string> RemoveStale()
    {
        var keep = _assets.Append(NotesFile).ToHashSet(StringComparer.Ordinal);
        var stale = System.IO.Directory.EnumerateFiles(Directory.FullPath).Select(System.IO.Path.GetFileName).Where(name => !keep.Contains(name!)).ToList();
        foreach (var name in stale)
        {
            File.Delete(PathOf(name!));
            Written++;
        }

        return stale!;
    }
}
