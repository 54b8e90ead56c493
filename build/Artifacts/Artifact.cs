using System.Collections;
using Cake.Core.IO;

namespace Build.Artifacts;

public enum ArtifactKind
{
    Metadata,
    Sbom,
    ScanReport,
    Chart,
    BinaryArchive,
    Signature,
    Manifest,
    Checksums,
    PublicKey,
    ReleaseNotes,
}

/// <summary>A file the release produced; <see cref="Digest"/> is its sha256 (or the image digest it describes).</summary>
public sealed record Artifact(ArtifactKind Kind, string Name, FilePath Path, string? Digest = null);

/// <summary>The typed list of what the tasks produced, in the order they produced it.</summary>
public sealed class ArtifactList : IEnumerable<Artifact>
{
    private readonly List<Artifact> _items = [];

    /// <summary>Adds an artifact, replacing an earlier one of the same name (a task that runs again re-records its output).</summary>
    public Artifact Add(Artifact artifact)
    {
        _items.RemoveAll(existing => existing.Name == artifact.Name);
        _items.Add(artifact);
        return artifact;
    }

    public IEnumerable<Artifact> OfKind(ArtifactKind kind) => _items.Where(artifact => artifact.Kind == kind);

    public IEnumerator<Artifact> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
