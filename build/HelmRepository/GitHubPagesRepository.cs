using System.Net;
using System.Text;
using Build.Releasing;
using Octokit;

namespace Build.HelmRepository;

/// <summary>
/// Publish mode's Helm repository: index.yaml (and artifacthub-repo.yml) on the GitHub Pages branch, each entry's URL the
/// chart's GitHub release asset, as chart-releaser lays it out. Written through the Git Data API: a blob, a tree on the
/// head's tree, a commit whose parent is the head, and a ref update that is never forced; when the branch moved in
/// between, the index is read again, merged and committed again (a few times at most). A re-run that changes nothing
/// makes no commit. The branch is created (an orphan commit) when it is missing.
/// </summary>
public sealed class GitHubPagesRepository(IGitHubClient client, string owner, string repository, Uri webBase, HelmRepositorySettings settings, bool force, Action<string> progress) : IHelmRepository
{
    /// <summary>How often the commit is made again after the branch moved under it.</summary>
    public const int Attempts = 5;

    private readonly ApiConnection _api = new(client.Connection);

    public string HowToAdd(string name) => $"helm repo add {name} {settings.Repository}";

    private string FullName => $"{owner}/{repository}";

    private string BranchRef => "heads/" + settings.Branch;

    /// <summary>The address a release asset is downloaded from: https://github.com/ for github.com's API, else the server's own.</summary>
    public static Uri WebBase(Uri api) =>
        api.Host.Equals("api.github.com", StringComparison.OrdinalIgnoreCase) ? new Uri("https://github.com/") : new Uri(api.GetLeftPart(UriPartial.Authority) + "/");

    /// <summary>https://github.com/OWNER/REPO/releases/download/TAG/FILE.</summary>
    public string AssetUrl(string tag, string fileName) =>
        $"{webBase}{Uri.EscapeDataString(owner)}/{Uri.EscapeDataString(repository)}/releases/download/{Uri.EscapeDataString(tag)}/{Uri.EscapeDataString(fileName)}";

    public async Task<HelmRepositoryUpdate> AddAsync(HelmChartRelease chart)
    {
        var entry = HelmIndexEntry.FromPackage(chart.Package, AssetUrl(chart.Tag, Path.GetFileName(chart.Package)), chart.Created);
        var source = $"{HelmIndex.FileName} on {FullName}@{settings.Branch}";
        for (var attempt = 1; ; attempt++)
        {
            var head = await HeadAsync();
            var files = head is null ? new Dictionary<string, byte[]>() : await ReadFilesAsync(head.Value.Tree, [HelmIndex.FileName, ArtifactHubRepositoryFile.FileName]);
            var index = files.TryGetValue(HelmIndex.FileName, out var text) ? HelmIndex.Parse(Encoding.UTF8.GetString(text), source) : HelmIndex.Empty(source);
            var change = index.Add(entry, force);
            var writes = new Dictionary<string, string>(StringComparer.Ordinal);
            if (change != IndexChange.Unchanged)
            {
                writes[HelmIndex.FileName] = index.ToYaml();
            }

            var existingMetadata = files.TryGetValue(ArtifactHubRepositoryFile.FileName, out var metadata) ? Encoding.UTF8.GetString(metadata) : null;
            if (ArtifactHubRepositoryFile.ToWrite(settings.ArtifactHubRepositoryId, existingMetadata) is { } content)
            {
                writes[ArtifactHubRepositoryFile.FileName] = content;
            }

            if (writes.Count == 0)
            {
                progress($"{source} already lists {entry.Name} {entry.Version} with digest {entry.Digest}; nothing to commit");
                HelmIndex.RequireEntry(Encoding.UTF8.GetString(text!), source, entry);
                return new HelmRepositoryUpdate(entry, change, source);
            }

            var commit = await CommitAsync(head, writes, $"Add {entry.Name} {entry.Version} to the Helm repository ({Path.GetFileName(chart.Package)}, sha256 {entry.Digest})");
            if (await MoveBranchAsync(head?.Sha, commit))
            {
                progress($"Committed {string.Join(" and ", writes.Keys)} to {FullName}@{settings.Branch}: {commit}{(head is null ? " (the branch was created)" : $", parent {head.Value.Sha}")}");
                var written = await ReadFilesAsync(await TreeOfAsync(commit), [HelmIndex.FileName]);
                HelmIndex.RequireEntry(Encoding.UTF8.GetString(written[HelmIndex.FileName]), source, entry);
                return new HelmRepositoryUpdate(entry, change, source, commit);
            }

            if (attempt == Attempts)
            {
                throw new HelmRepositoryException($"{FullName}@{settings.Branch} moved under every one of {Attempts} attempts to add {entry.Name} {entry.Version}: something else is committing to it; run again later.");
            }

            progress($"{FullName}@{settings.Branch} moved while {entry.Name} {entry.Version} was being added; reading it again and merging (attempt {attempt + 1} of {Attempts})");
        }
    }

    public async Task VerifyAsync(string chart, string version, string package, Action<string> report)
    {
        var source = $"{HelmIndex.FileName} on {FullName}@{settings.Branch}";
        var head = await HeadAsync() ?? throw new HelmRepositoryException($"{FullName} has no branch {settings.Branch}: the HelmIndex task makes it (--target=Release --mode=publish).");
        var files = await ReadFilesAsync(head.Tree, [HelmIndex.FileName]);
        var text = files.TryGetValue(HelmIndex.FileName, out var bytes) ? Encoding.UTF8.GetString(bytes) : throw new HelmRepositoryException($"{FullName}@{settings.Branch} has no {HelmIndex.FileName}.");
        var entry = HelmIndex.Parse(text, source).Find(chart, version) ?? throw new HelmRepositoryException($"{source} has no entry {chart} {version}: run the release again (the HelmIndex task adds it).");
        var digest = Checksums.Sha256(package);
        if (entry.Digest != digest)
        {
            throw new HelmRepositoryException($"{source} lists {chart} {version} with digest {entry.Digest}, but the released {Path.GetFileName(package)} has {digest}.");
        }

        report($"OK     {source} (commit {head.Sha[..12]}) lists {chart} {version} with the digest of the released {Path.GetFileName(package)} ({digest[..12]})");
        var expected = AssetUrl("v" + version, Path.GetFileName(package));
        if (!entry.Urls.Contains(expected, StringComparer.Ordinal))
        {
            throw new HelmRepositoryException($"{source} lists {chart} {version} at {string.Join(", ", entry.Urls)}, not at its release asset {expected}.");
        }

        report($"OK     its URL is the release asset {expected}");
    }

    private async Task<(string Sha, string Tree)?> HeadAsync()
    {
        var reference = await CallAsync($"Reading branch {settings.Branch} of {FullName}", async () =>
        {
            try
            {
                return await _api.Get<Reference>(new Uri($"repos/{Escape(owner)}/{Escape(repository)}/git/ref/{BranchRef}", UriKind.Relative));
            }
            catch (NotFoundException)
            {
                return null;
            }
        });
        if (reference is null)
        {
            return null;
        }

        return (reference.Object.Sha, await TreeOfAsync(reference.Object.Sha));
    }

    private async Task<string> TreeOfAsync(string commit) =>
        (await CallAsync($"Reading commit {commit} of {FullName}", () => client.Git.Commit.Get(owner, repository, commit))).Tree.Sha;

    /// <summary>The files of the tree's top level named <paramref name="names"/> that exist.</summary>
    private async Task<Dictionary<string, byte[]>> ReadFilesAsync(string tree, IReadOnlyList<string> names)
    {
        var listing = await CallAsync($"Reading tree {tree} of {FullName}", () => client.Git.Tree.Get(owner, repository, tree));
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var item in listing.Tree.Where(item => names.Contains(item.Path) && item.Type.Value == TreeType.Blob))
        {
            var blob = await CallAsync($"Reading {item.Path} ({item.Sha}) of {FullName}", () => client.Git.Blob.Get(owner, repository, item.Sha));
            files[item.Path] = blob.Encoding.Value == EncodingType.Base64 ? Convert.FromBase64String(blob.Content.Replace("\n", string.Empty, StringComparison.Ordinal)) : Encoding.UTF8.GetBytes(blob.Content);
        }

        return files;
    }

    private async Task<string> CommitAsync((string Sha, string Tree)? head, IReadOnlyDictionary<string, string> writes, string message)
    {
        var tree = new NewTree { BaseTree = head?.Tree };
        foreach (var (path, content) in writes)
        {
            var blob = await CallAsync($"Writing {path} to {FullName}", () => client.Git.Blob.Create(owner, repository, new NewBlob { Content = Convert.ToBase64String(Encoding.UTF8.GetBytes(content)), Encoding = EncodingType.Base64 }));
            tree.Tree.Add(new NewTreeItem { Path = path, Mode = "100644", Type = TreeType.Blob, Sha = blob.Sha });
        }

        var made = await CallAsync($"Writing the tree of {settings.Branch} to {FullName}", () => client.Git.Tree.Create(owner, repository, tree));
        var parents = head is null ? Array.Empty<string>() : [head.Value.Sha];
        var commit = await CallAsync($"Committing to {settings.Branch} of {FullName}", () => client.Git.Commit.Create(owner, repository, new NewCommit(message, made.Sha, parents)));
        return commit.Sha;
    }

    /// <summary>Moves (or creates) the branch to <paramref name="commit"/> without force; false when it moved since it was read.</summary>
    private async Task<bool> MoveBranchAsync(string? from, string commit)
    {
        try
        {
            await CallAsync($"Moving {settings.Branch} of {FullName} to {commit}", async () => from is null
                ? await client.Git.Reference.Create(owner, repository, new NewReference("refs/" + BranchRef, commit))
                : await client.Git.Reference.Update(owner, repository, BranchRef, new ReferenceUpdate(commit, force: false)));
            return true;
        }
        catch (HelmRepositoryException exception) when (exception.InnerException is ApiException { StatusCode: HttpStatusCode.UnprocessableEntity or HttpStatusCode.Conflict })
        {
            return false;
        }
    }

    private async Task<T> CallAsync<T>(string what, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (ApiException exception)
        {
            var advice = (int)exception.StatusCode switch
            {
                401 => "GitHub did not accept GITHUB_TOKEN: set a valid token.",
                403 => $"The token may not write {FullName}: it needs contents: write (in GitHub Actions: permissions: contents: write).",
                404 => $"Check that {FullName} exists and that the token can see it.",
                _ => "Run again; a re-run adds only what is missing.",
            };
            var status = (int)exception.StatusCode;
            throw new HelmRepositoryException($"{what} failed: GitHub answered HTTP {status} ({exception.ApiError?.Message ?? exception.Message}). {advice}", exception, transient: status is 408 or 429 or >= 500);
        }
        catch (HttpRequestException exception)
        {
            throw new HelmRepositoryException($"{what} failed: GitHub did not answer ({exception.Message}). Check the network and run again.", exception, transient: true);
        }
    }

    private static string Escape(string segment) => Uri.EscapeDataString(segment);
}
