using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Build.Registry;
using Octokit;
using OctokitProduct = Octokit.ProductHeaderValue;

namespace Build.GitHub;

/// <summary>
/// Publishes a GitHub release that is never half-published: the assets go to a draft release, which is published only
/// once every asset is up and identical (name, size, SHA-256) to the local file. A run after a failure completes the draft;
/// a run over a finished release sends no write request. Nothing different is replaced unless the request says Force.
/// There are no retries here: <see cref="GitHubReleaseException.IsTransient"/> tells a retry policy which failures may pass.
/// </summary>
public sealed partial class GitHubReleasePublisher : IDisposable
{
    /// <summary>The public GitHub API. A GitHub Enterprise Server is given by its address; Octokit adds <c>/api/v3/</c>.</summary>
    public static readonly Uri GitHubApi = new("https://api.github.com/");

    private const int PageSize = 100;
    private const string JsonMediaType = "application/vnd.github.v3+json";
    private static readonly TimeSpan TransferTimeout = TimeSpan.FromMinutes(10);
    private static readonly OctokitProduct Product = new("rds-csi-build");

    private readonly IGitHubClient _client;
    private readonly ApiConnection _api;
    private readonly HttpClient _downloads;
    private readonly string? _token;

    /// <param name="apiBase"><see cref="GitHubApi"/>, or a GitHub Enterprise Server's address.</param>
    /// <param name="token">A token that may write the repository's releases; the caller reads it from GITHUB_TOKEN.</param>
    public GitHubReleasePublisher(Uri apiBase, string token)
        : this(new GitHubClient(Product, apiBase) { Credentials = new Credentials(RequireToken(token), AuthenticationType.Bearer) })
    {
    }

    /// <summary>Publishes through <paramref name="client"/>; its token (if any) also authorizes downloads.</summary>
    public GitHubReleasePublisher(IGitHubClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _api = new ApiConnection(client.Connection);
        var credentials = client.Connection.Credentials;
        _token = credentials?.AuthenticationType is AuthenticationType.Oauth or AuthenticationType.Bearer && !string.IsNullOrEmpty(credentials.Password)
            ? credentials.Password
            : null;

        // Octokit reads a download as text unless its content type is one of a few binary ones, so downloads use HttpClient.
        _downloads = new HttpClient { Timeout = TransferTimeout };
        _downloads.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue(Product.Name, null));
    }

    private Uri BaseAddress => _client.Connection.BaseAddress;

    /// <summary>
    /// Finds or creates the draft release for the tag, uploads each asset GitHub lacks, and publishes the draft when every
    /// asset is up. Refuses, before writing anything, when GitHub has a different asset (or a published release has
    /// different notes, title or pre-release flag) and <see cref="ReleaseRequest.Force"/> is false.
    /// </summary>
    public async Task<ReleaseOutcome> PublishAsync(ReleaseRequest request, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var local = await MeasureAssetsAsync(request, cancellationToken);
        var repository = request.FullRepository;
        var release = await FindReleaseAsync(request.Owner, request.Repository, request.Tag, progress, cancellationToken);
        var created = release is null;
        IReadOnlyList<GitHubAssetJson> remote = [];
        if (release is null)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var draft = new NewRelease(request.Tag) { Name = request.Name, Body = request.Notes, Draft = true, Prerelease = request.Prerelease };
            release = await CallAsync(
                $"Creating the draft release {request.Tag} of {repository}",
                repository,
                () => _client.Repository.Release.Create(request.Owner, request.Repository, draft),
                cancellationToken);
            progress?.Report($"Created draft release {request.Tag} of {repository} (id {release.Id})");
        }
        else
        {
            progress?.Report($"Found {(release.Draft ? "draft" : "published")} release {request.Tag} of {repository} (id {release.Id})");
            remote = await ListAssetsAsync(request.Owner, request.Repository, request.Tag, release.Id, cancellationToken);
        }

        var steps = await PlanAsync(local, remote, repository, request.Tag, cancellationToken);
        var (update, differences) = CompareDetails(request, release);
        var refusals = steps.Where(step => step.Action == AssetAction.Replace).Select(step => step.Difference)
            .Concat(release.Draft ? [] : differences)
            .ToList();
        if (refusals.Count > 0 && !request.Force)
        {
            throw Refusal(request, release, refusals);
        }

        foreach (var extra in remote.Where(asset => local.All(file => file.Name != asset.Name)))
        {
            progress?.Report($"{extra.Name}: on release {request.Tag} but not made by this build; left as it is");
        }

        if (!release.Draft && differences.Count == 0 && steps.All(step => step.Action == AssetAction.Keep))
        {
            progress?.Report($"Release {request.Tag} of {repository} is already published with every asset identical and the same notes; nothing changed");
            return new ReleaseOutcome(release.Id, release.HtmlUrl, Created: false, Published: false, [], [.. local.Select(asset => asset.Name)], [], ChangedNothing: true);
        }

        var uploaded = new List<string>();
        var alreadyPresent = new List<string>();
        var replaced = new List<string>();
        foreach (var step in steps)
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (step.Action)
            {
                case AssetAction.Keep:
                    progress?.Report($"{step.Local.Name}: already on release {request.Tag} ({step.Local.Sha256})");
                    alreadyPresent.Add(step.Local.Name);
                    break;
                case AssetAction.Upload:
                    await UploadAsync(request, release, step.Local, progress, cancellationToken);
                    uploaded.Add(step.Local.Name);
                    break;
                case AssetAction.ReplaceLeftover:
                    progress?.Report($"{step.Local.Name}: removing what an interrupted upload left (state {step.Remote!.State})");
                    await DeleteAssetAsync(request, step.Remote!, cancellationToken);
                    await UploadAsync(request, release, step.Local, progress, cancellationToken);
                    uploaded.Add(step.Local.Name);
                    break;
                case AssetAction.Replace:
                    progress?.Report($"{step.Local.Name}: replacing {step.RemoteSha256} with {step.Local.Sha256} (forced)");
                    await DeleteAssetAsync(request, step.Remote!, cancellationToken);
                    await UploadAsync(request, release, step.Local, progress, cancellationToken);
                    replaced.Add(step.Local.Name);
                    break;
            }
        }

        var published = release.Draft;
        if (release.Draft)
        {
            await RequireTagOnGitHubAsync(request, cancellationToken);
            update.Draft = false;
            release = await CallAsync(
                $"Publishing the draft release {request.Tag} of {repository}",
                repository,
                () => _client.Repository.Release.Edit(request.Owner, request.Repository, release.Id, update),
                cancellationToken);
            progress?.Report($"Published release {request.Tag} of {repository}: {release.HtmlUrl}");
        }
        else if (differences.Count > 0)
        {
            release = await CallAsync(
                $"Updating the published release {request.Tag} of {repository}",
                repository,
                () => _client.Repository.Release.Edit(request.Owner, request.Repository, release.Id, update),
                cancellationToken);
            progress?.Report($"Updated release {request.Tag} of {repository} (forced): {string.Join("; ", differences)}");
        }

        return new ReleaseOutcome(release.Id, release.HtmlUrl, created, published, uploaded, alreadyPresent, replaced, ChangedNothing: false);
    }

    /// <summary>
    /// Downloads every asset of the release for <paramref name="tag"/> (a draft too) into <paramref name="directory"/>,
    /// checking each against the size and digest GitHub lists. For the VerifyRelease target.
    /// </summary>
    public async Task<IReadOnlyList<DownloadedAsset>> DownloadAssetsAsync(string owner, string repository, string tag, string directory, CancellationToken cancellationToken = default)
    {
        var fullName = $"{owner}/{repository}";
        var release = await FindReleaseAsync(owner, repository, tag, progress: null, cancellationToken)
            ?? throw new GitHubReleaseException($"{fullName} has no release for tag {tag}, drafts included: publish it first (--target=Release --mode=publish).");
        var assets = await ListAssetsAsync(owner, repository, tag, release.Id, cancellationToken);
        Directory.CreateDirectory(directory);
        var downloaded = new List<DownloadedAsset>();
        foreach (var asset in assets.OrderBy(asset => asset.Name, StringComparer.Ordinal))
        {
            if (!asset.IsComplete)
            {
                throw new GitHubReleaseException($"Asset {asset.Name} of release {tag} of {fullName} is what an interrupted upload left (state {asset.State}): run the release again to replace it.");
            }

            if (System.IO.Path.GetFileName(asset.Name) != asset.Name || asset.Name is "." or "..")
            {
                throw new GitHubReleaseException($"Asset name '{asset.Name}' of release {tag} of {fullName} is not a plain file name; it was not downloaded.");
            }

            var path = System.IO.Path.Combine(directory, asset.Name);
            var partial = path + ".partial";
            long size;
            string sha256;
            await using (var file = File.Create(partial))
            {
                (size, sha256) = await DownloadAsync(fullName, tag, asset, file, cancellationToken);
            }

            if (size != asset.Size || (OciDigest.IsSha256(asset.Digest) && asset.Digest != sha256))
            {
                File.Delete(partial);
                throw new GitHubReleaseException(
                    $"Downloading asset {asset.Name} of release {tag} of {fullName} gave {size} bytes ({sha256}) where GitHub lists {asset.Size} bytes ({asset.Digest ?? "no digest"}): run again; if it happens again, the asset on GitHub is damaged: publish again with --force.",
                    transient: true);
            }

            File.Move(partial, path, overwrite: true);
            downloaded.Add(new DownloadedAsset(asset.Name, path, size, sha256));
        }

        return downloaded;
    }

    public void Dispose() => _downloads.Dispose();

    public override string ToString() => $"GitHubReleasePublisher {{ Api = {BaseAddress}, Token = {(_token is null ? "(none)" : "***")} }}";

    private static string RequireToken(string token) =>
        string.IsNullOrWhiteSpace(token)
            ? throw new ArgumentException("GITHUB_TOKEN is empty: set it to a token that may write the repository's releases (in GitHub Actions: permissions: contents: write).", nameof(token))
            : token;

    private static async Task<IReadOnlyList<LocalAsset>> MeasureAssetsAsync(ReleaseRequest request, CancellationToken cancellationToken)
    {
        foreach (var (value, what) in new[] { (request.Owner, "owner"), (request.Repository, "repository"), (request.Tag, "tag"), (request.Name, "name (the release title)") })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new ArgumentException($"The release request has no {what}.", nameof(request));
            }
        }

        var measured = new List<LocalAsset>();
        foreach (var asset in request.Assets)
        {
            if (!AssetNamePattern().IsMatch(asset.Name))
            {
                throw new ArgumentException($"Release asset name '{asset.Name}' ({asset.Path}) would be changed by GitHub: use letters, digits, '.', '_', '-' and '+' only.", nameof(request));
            }

            if (measured.Any(other => string.Equals(other.Name, asset.Name, StringComparison.OrdinalIgnoreCase)))
            {
                throw new ArgumentException($"Release asset name '{asset.Name}' is given twice; each asset of a release needs its own name.", nameof(request));
            }

            if (!File.Exists(asset.Path))
            {
                throw new ArgumentException($"Release asset {asset.Name}: the file {asset.Path} does not exist; the task that makes it must run first.", nameof(request));
            }

            await using var file = File.OpenRead(asset.Path);
            var (size, sha256) = await CopyAndHashAsync(file, destination: null, cancellationToken);
            measured.Add(new LocalAsset(asset.Name, asset.Path, size, sha256));
        }

        return measured;
    }

    /// <summary>
    /// The release for the tag among all releases, drafts included: GET /releases/tags/{tag} does not return drafts.
    /// GitHub allows one published release per tag but any number of drafts; more than one draft and no published
    /// release is ambiguous and refused.
    /// </summary>
    private async Task<Release?> FindReleaseAsync(string owner, string repository, string tag, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var fullName = $"{owner}/{repository}";
        var releases = await CallAsync(
            $"Listing the releases of {fullName}",
            fullName,
            () => _client.Repository.Release.GetAll(owner, repository, new ApiOptions { PageSize = PageSize }),
            cancellationToken);
        var forTag = releases.Where(release => release.TagName == tag).ToList();
        var drafts = forTag.Where(release => release.Draft).ToList();
        if (forTag.FirstOrDefault(release => !release.Draft) is { } published)
        {
            if (drafts.Count > 0)
            {
                progress?.Report($"Release {tag} of {fullName} is published; ignoring {drafts.Count} other draft(s) for the same tag (ids {string.Join(", ", drafts.Select(draft => draft.Id))})");
            }

            return published;
        }

        return drafts.Count switch
        {
            0 => null,
            1 => drafts[0],
            _ => throw new GitHubReleaseException(
                $"{fullName} has {drafts.Count} draft releases for tag {tag} (ids {string.Join(", ", drafts.Select(draft => draft.Id))}) and it is not clear which to complete: delete all but one on GitHub's Releases page and run again."),
        };
    }

    private async Task<IReadOnlyList<GitHubAssetJson>> ListAssetsAsync(string owner, string repository, string tag, long releaseId, CancellationToken cancellationToken)
    {
        var fullName = $"{owner}/{repository}";
        var uri = new Uri($"repos/{Escape(owner)}/{Escape(repository)}/releases/{releaseId}/assets", UriKind.Relative);
        return await CallAsync($"Listing the assets of release {tag} of {fullName}", fullName, () => _api.GetAll<GitHubAssetJson>(uri, new ApiOptions { PageSize = PageSize }), cancellationToken);
    }

    private async Task<IReadOnlyList<AssetStep>> PlanAsync(IReadOnlyList<LocalAsset> local, IReadOnlyList<GitHubAssetJson> remote, string repository, string tag, CancellationToken cancellationToken)
    {
        var steps = new List<AssetStep>();
        foreach (var asset in local)
        {
            var existing = remote.FirstOrDefault(candidate => candidate.Name == asset.Name);
            if (existing is null)
            {
                steps.Add(new AssetStep(asset, null, null, AssetAction.Upload));
            }
            else if (!existing.IsComplete)
            {
                steps.Add(new AssetStep(asset, existing, null, AssetAction.ReplaceLeftover));
            }
            else
            {
                // Assets uploaded before GitHub computed digests have none: hash their content instead.
                var sha256 = OciDigest.IsSha256(existing.Digest)
                    ? existing.Digest!
                    : (await DownloadAsync(repository, tag, existing, destination: null, cancellationToken)).Sha256;
                var same = existing.Size == asset.Size && sha256 == asset.Sha256;
                steps.Add(new AssetStep(asset, existing, sha256, same ? AssetAction.Keep : AssetAction.Replace));
            }
        }

        return steps;
    }

    /// <summary>What of the release's title, notes and pre-release flag differs from the request, and the update that fixes it.</summary>
    private static (ReleaseUpdate Update, IReadOnlyList<string> Differences) CompareDetails(ReleaseRequest request, Release release)
    {
        var update = new ReleaseUpdate();
        var differences = new List<string>();
        if ((release.Name ?? "") != request.Name)
        {
            update.Name = request.Name;
            differences.Add($"its title is '{release.Name}', this build's is '{request.Name}'");
        }

        if (NormalizeNotes(release.Body) != NormalizeNotes(request.Notes))
        {
            update.Body = request.Notes;
            differences.Add("its notes differ from this build's");
        }

        if (release.Prerelease != request.Prerelease)
        {
            update.Prerelease = request.Prerelease;
            differences.Add(request.Prerelease ? "it is not marked pre-release, but this version is a pre-release" : "it is marked pre-release, but this version is not");
        }

        return (update, differences);
    }

    private static string NormalizeNotes(string? notes) => (notes ?? "").ReplaceLineEndings("\n").TrimEnd();

    private static GitHubReleaseException Refusal(ReleaseRequest request, Release release, IReadOnlyList<string> differences)
    {
        var state = release.Draft ? "draft" : "published";
        var lines = string.Concat(differences.Select(difference => $"{System.Environment.NewLine}  - {difference}"));
        var caution = release.Draft ? "" : " (people may already have downloaded the published ones)";
        return new GitHubReleaseException(
            $"The {state} release {request.Tag} of {request.FullRepository} differs from what this build would publish, so nothing was changed:{lines}{System.Environment.NewLine}"
            + $"Run again with --force to replace them{caution}, or find out why this build differs: a release build should be reproducible.",
            refusal: true);
    }

    private async Task UploadAsync(ReleaseRequest request, Release release, LocalAsset asset, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        progress?.Report($"{asset.Name}: uploading {asset.Size} bytes ({asset.ContentType}, {asset.Sha256})");
        var uri = UploadUri(release.UploadUrl, asset.Name);
        await using var content = File.OpenRead(asset.Path);
        var state = release.Draft ? "the release stays a draft" : "the release is published";
        await CallAsync(
            $"Uploading asset {asset.Name} to release {request.Tag} of {request.FullRepository} ({state})",
            request.FullRepository,
            () => _api.Post<GitHubAssetJson>(uri, content, JsonMediaType, asset.ContentType, TransferTimeout, cancellationToken),
            cancellationToken);
    }

    /// <summary>The release's upload_url is a URI template (<c>.../assets{?name,label}</c>); the name goes in its query.</summary>
    private static Uri UploadUri(string uploadUrlTemplate, string name)
    {
        var brace = uploadUrlTemplate.IndexOf('{', StringComparison.Ordinal);
        var address = brace >= 0 ? uploadUrlTemplate[..brace] : uploadUrlTemplate;
        return new Uri($"{address}?name={Uri.EscapeDataString(name)}");
    }

    private async Task DeleteAssetAsync(ReleaseRequest request, GitHubAssetJson asset, CancellationToken cancellationToken)
    {
        var uri = new Uri($"repos/{Escape(request.Owner)}/{Escape(request.Repository)}/releases/assets/{asset.Id}", UriKind.Relative);
        await CallAsync(
            $"Deleting asset {asset.Name} (id {asset.Id}) of release {request.Tag} of {request.FullRepository}",
            request.FullRepository,
            async () =>
            {
                await _api.Delete(uri);
                return true;
            },
            cancellationToken);
    }

    /// <summary>Publishing a draft whose tag GitHub does not have makes GitHub create the tag at the default branch's head.</summary>
    private async Task RequireTagOnGitHubAsync(ReleaseRequest request, CancellationToken cancellationToken)
    {
        var uri = new Uri($"repos/{Escape(request.Owner)}/{Escape(request.Repository)}/git/ref/tags/{Escape(request.Tag)}", UriKind.Relative);
        var exists = await CallAsync(
            $"Looking up tag {request.Tag} of {request.FullRepository}",
            request.FullRepository,
            async () =>
            {
                try
                {
                    await _api.Get<Reference>(uri);
                    return true;
                }
                catch (NotFoundException)
                {
                    return false;
                }
            },
            cancellationToken);
        if (!exists)
        {
            throw new GitHubReleaseException(
                $"Tag {request.Tag} is not on GitHub ({request.FullRepository}), and publishing the draft would make GitHub create it at the default branch's head: push it (git push origin {request.Tag}) and run again; the draft keeps its assets.",
                HttpStatusCode.NotFound);
        }
    }

    /// <summary>Streams an asset's content through SHA-256, into <paramref name="destination"/> when one is given.</summary>
    private async Task<(long Size, string Sha256)> DownloadAsync(string repository, string tag, GitHubAssetJson asset, Stream? destination, CancellationToken cancellationToken)
    {
        var what = $"Downloading asset {asset.Name} of release {tag} of {repository}";
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, asset.Url);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/octet-stream"));
            if (_token is not null)
            {
                // HttpClient drops this header when GitHub redirects to its storage host.
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
            }

            using var response = await _downloads.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw Answered(what, repository, response.StatusCode, detail: "", rateLimited: false);
            }

            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            return await CopyAndHashAsync(body, destination, cancellationToken);
        }
        catch (HttpRequestException exception)
        {
            throw Unanswered(what, $"GitHub did not answer ({exception.Message})", exception);
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw Unanswered(what, $"no answer within {TransferTimeout.TotalMinutes:0} minutes", exception);
        }
    }

    private static async Task<(long Size, string Sha256)> CopyAndHashAsync(Stream source, Stream? destination, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        long size = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            if (destination is not null)
            {
                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }

            size += read;
        }

        return (size, OciDigest.Sha256Prefix + Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    /// <summary>Runs an Octokit call, turning its failures into a <see cref="GitHubReleaseException"/> that says what failed and what to do.</summary>
    private async Task<T> CallAsync<T>(string what, string repository, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call();
        }
        catch (ApiException exception)
        {
            var rateLimited = exception is RateLimitExceededException or SecondaryRateLimitExceededException or AbuseException;
            throw Answered(what, repository, exception.StatusCode, Detail(exception), rateLimited);
        }
        catch (HttpRequestException exception)
        {
            throw Unanswered(what, $"GitHub at {BaseAddress} did not answer ({exception.Message})", exception);
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw Unanswered(what, $"GitHub at {BaseAddress} did not answer in time", exception);
        }
    }

    /// <remarks>Octokit's exception is not kept as the inner one: its ToString holds the whole response body.</remarks>
    private GitHubReleaseException Answered(string what, string repository, HttpStatusCode status, string detail, bool rateLimited) => new(
        Redact($"{what} failed: GitHub answered HTTP {(int)status}{detail}. {Advice(status, repository, rateLimited)}"),
        status,
        transient: rateLimited);

    private GitHubReleaseException Unanswered(string what, string reason, Exception exception) => new(
        Redact($"{what} failed: {reason}. Check the network and the API address, then run again; a release is published only once every asset is up, so the next run completes it."),
        transient: true,
        innerException: exception);

    private static string Detail(ApiException exception)
    {
        var error = exception.ApiError;
        if (error is null || string.IsNullOrWhiteSpace(error.Message))
        {
            return "";
        }

        var details = (error.Errors ?? []).Select(item => string.Join(' ', new[] { $"{item.Resource}.{item.Field}".Trim('.'), item.Code, item.Message }.Where(part => !string.IsNullOrEmpty(part))));
        var listed = string.Join("; ", details.Where(text => text.Length > 0));
        return listed.Length > 0 ? $" ({error.Message}: {listed})" : $" ({error.Message})";
    }

    private static string Advice(HttpStatusCode status, string repository, bool rateLimited) => (int)status switch
    {
        _ when rateLimited => "GitHub's rate limit was reached: wait for it to reset and run again.",
        401 => "GitHub did not accept the token: set GITHUB_TOKEN to a valid token that has not expired.",
        403 => $"The token may not write the releases of {repository}: it needs the contents: write permission (in GitHub Actions: permissions: contents: write).",
        404 => $"Check that {repository} exists and that the token can see it (GitHub answers 404 to a token without access).",
        422 => "GitHub found the request invalid (see its message): run again so that the release is read afresh.",
        408 or 429 or >= 500 => "This may pass: run again. A release is published only once every asset is up, so the next run completes it.",
        _ => "Run again; if it fails the same way, check the release on GitHub.",
    };

    private string Redact(string text) => _token is null ? text : text.Replace(_token, "***", StringComparison.Ordinal);

    private static string Escape(string segment) => Uri.EscapeDataString(segment);

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._+-]*$")]
    private static partial Regex AssetNamePattern();
}
