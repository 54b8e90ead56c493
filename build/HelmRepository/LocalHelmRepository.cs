using Build.Releasing;

namespace Build.HelmRepository;

/// <summary>
/// A rehearsal's Helm repository: a folder (artifacts/helm-repo) with index.yaml and every .tgz it lists by a relative
/// URL, so that serving the folder over HTTP is a working repository. Rehearsals of other versions add to it; a package of
/// a version already there with other bytes is refused unless forced, before anything is written.
/// </summary>
public sealed class LocalHelmRepository(string folder, string? artifactHubRepositoryId, bool force) : IHelmRepository
{
    public string HowToAdd(string name) =>
        $"serve the folder (python3 -m http.server --bind 127.0.0.1 8879 -d {folder}), then: helm repo add {name} http://127.0.0.1:8879";

    private string IndexPath => Path.Combine(folder, HelmIndex.FileName);

    public Task<HelmRepositoryUpdate> AddAsync(HelmChartRelease chart)
    {
        var fileName = Path.GetFileName(chart.Package);
        var entry = HelmIndexEntry.FromPackage(chart.Package, fileName, chart.Created);
        var index = File.Exists(IndexPath) ? HelmIndex.Parse(File.ReadAllText(IndexPath), IndexPath) : HelmIndex.Empty(IndexPath);
        var change = index.Add(entry, force);
        var files = new[] { chart.Package }.Concat(chart.Companions).ToList();
        foreach (var file in files)
        {
            var target = Path.Combine(folder, Path.GetFileName(file));
            if (File.Exists(target) && !force && Checksums.Sha256(target) != Checksums.Sha256(file))
            {
                throw new HelmRepositoryException(
                    $"{target} is there with other bytes (sha256 {Checksums.Sha256(target)}) than this build's {Path.GetFileName(file)} (sha256 {Checksums.Sha256(file)}): a package in the Helm repository is never replaced, so nothing was written. Run again with --force to replace it.");
            }
        }

        Directory.CreateDirectory(folder);
        foreach (var file in files)
        {
            FileWriter.WriteIfChanged(Path.Combine(folder, Path.GetFileName(file)), File.ReadAllBytes(file));
        }

        if (change != IndexChange.Unchanged)
        {
            FileWriter.WriteIfChanged(IndexPath, index.ToYaml());
        }

        var artifactHubPath = Path.Combine(folder, ArtifactHubRepositoryFile.FileName);
        if (ArtifactHubRepositoryFile.ToWrite(artifactHubRepositoryId, File.Exists(artifactHubPath) ? File.ReadAllText(artifactHubPath) : null) is { } metadata)
        {
            FileWriter.WriteIfChanged(artifactHubPath, metadata);
        }

        HelmIndex.RequireEntry(File.ReadAllText(IndexPath), IndexPath, entry);
        RequirePackage(fileName, entry.Digest!);
        return Task.FromResult(new HelmRepositoryUpdate(entry, change, IndexPath));
    }

    public Task VerifyAsync(string chart, string version, string package, Action<string> report)
    {
        var digest = Checksums.Sha256(package);
        if (!File.Exists(IndexPath))
        {
            throw new HelmRepositoryException($"{IndexPath} does not exist: the HelmIndex task makes it (run --target=Release).");
        }

        var entry = HelmIndex.Parse(File.ReadAllText(IndexPath), IndexPath).Find(chart, version)
            ?? throw new HelmRepositoryException($"{IndexPath} has no entry {chart} {version}: run the HelmIndex task (--target=Release).");
        if (entry.Digest != digest)
        {
            throw new HelmRepositoryException($"{IndexPath} lists {chart} {version} with digest {entry.Digest}, but the release's {Path.GetFileName(package)} has {digest}.");
        }

        report($"OK     the Helm repository index {IndexPath} lists {chart} {version} with the digest of the released {Path.GetFileName(package)} ({digest[..12]})");
        var url = entry.Urls.FirstOrDefault() ?? throw new HelmRepositoryException($"{IndexPath}: the entry {chart} {version} has no urls.");
        RequirePackage(url, digest);
        report($"OK     {url}, the entry's URL in {folder}, has that digest");
        return Task.CompletedTask;
    }

    /// <summary>The file a relative entry URL names in the folder has <paramref name="digest"/>.</summary>
    private void RequirePackage(string url, string digest)
    {
        if (Uri.TryCreate(url, UriKind.Absolute, out _) || Path.GetFileName(url) != url)
        {
            throw new HelmRepositoryException($"{IndexPath}: the URL '{url}' is not a file name in the folder; a rehearsal's repository lists its packages by relative URL.");
        }

        var path = Path.Combine(folder, url);
        if (!File.Exists(path) || Checksums.Sha256(path) != digest)
        {
            throw new HelmRepositoryException($"{path}, which {IndexPath} lists with digest {digest}, is {(File.Exists(path) ? $"there with digest {Checksums.Sha256(path)}" : "missing")}.");
        }
    }
}
