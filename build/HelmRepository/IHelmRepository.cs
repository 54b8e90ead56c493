namespace Build.HelmRepository;

/// <summary>
/// The Helm repository a release adds its chart to: a folder under artifacts/ served as is (a rehearsal,
/// <see cref="LocalHelmRepository"/>), or index.yaml on the GitHub Pages branch with the packages as release assets
/// (publish mode, <see cref="GitHubPagesRepository"/>). The composition root picks one by mode; HelmIndex and VerifyRelease
/// do not branch on which.
/// </summary>
public interface IHelmRepository
{
    /// <summary>How a user adds the repository as <paramref name="name"/> (for messages).</summary>
    string HowToAdd(string name);

    /// <summary>Adds the chart's entry (and its files) to the repository; an identical entry changes nothing.</summary>
    Task<HelmRepositoryUpdate> AddAsync(HelmChartRelease chart);

    /// <summary>Checks that the repository's index has <paramref name="version"/> of <paramref name="chart"/> with the digest of <paramref name="package"/>.</summary>
    Task VerifyAsync(string chart, string version, string package, Action<string> report);
}

/// <summary>
/// A released chart package to add: <paramref name="Companions"/> are the files that sit next to the .tgz in the
/// repository (its Helm provenance file, <c>NAME-VERSION.tgz.prov</c>, which helm fetches from the entry's URL + .prov).
/// A rehearsal copies them into the folder; in publish mode they are release assets next to the .tgz already, so only
/// the index is committed.
/// </summary>
public sealed record HelmChartRelease(string Package, string Tag, DateTimeOffset Created, IReadOnlyList<string> Companions);

/// <summary>What adding did: the entry, whether the index changed, and the commit made on the Pages branch (publish mode).</summary>
public sealed record HelmRepositoryUpdate(HelmIndexEntry Entry, IndexChange Change, string IndexLocation, string? Commit = null);
