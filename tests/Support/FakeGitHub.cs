using System.Collections.Specialized;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Web;
using Build.Registry;
using Octokit;
using OctokitProduct = Octokit.ProductHeaderValue;

namespace Build.Tests.Support;

/// <summary>A request the fake received: what a test asserts the exact sequence of.</summary>
public sealed record FakeGitHubRequest(string Method, string PathAndQuery, string? Authorization, string? Accept, string? ContentType, string? Body)
{
    public string Line => $"{Method} {PathAndQuery}";
}

/// <summary>A release the fake holds. Read it after the client's calls have returned.</summary>
public sealed class FakeGitHubRelease(long id, string tagName)
{
    public long Id { get; } = id;

    public string TagName { get; set; } = tagName;

    public string? Name { get; set; }

    public string Body { get; set; } = "";

    public bool Draft { get; set; }

    public bool Prerelease { get; set; }

    public List<FakeGitHubAsset> Assets { get; } = [];

    public FakeGitHubAsset? Asset(string name) => Assets.SingleOrDefault(asset => asset.Name == name);
}

public sealed class FakeGitHubAsset(long id, string name, string contentType, byte[] content, string state)
{
    public long Id { get; } = id;

    public string Name { get; } = name;

    public string ContentType { get; } = contentType;

    public byte[] Content { get; } = content;

    /// <summary><c>uploaded</c>, or <c>starter</c> for what an interrupted upload leaves.</summary>
    public string State { get; } = state;

    public string Sha256 => OciDigest.Sha256(Content);
}

/// <summary>
/// A stand-in for the GitHub REST API, for contract tests: an HttpListener on a free loopback port that speaks the
/// release endpoints as GitHub Enterprise Server lays them out (<c>/api/v3/</c> for the API, <c>/api/uploads/</c> for
/// uploads), which is where Octokit sends a client given this address. It keeps releases in memory, pages lists
/// with Link headers, hides drafts from <c>/releases/tags/{tag}</c> as GitHub does, and records every request.
/// </summary>
public sealed partial class FakeGitHub : IDisposable
{
    public const string Uploaded = "uploaded";
    public const string Starter = "starter";

    private readonly LoopbackHttpListener _listener;
    private readonly object _gate = new();
    private readonly List<FakeGitHubRequest> _requests = [];
    private readonly List<FakeGitHubRelease> _releases = [];
    private readonly HashSet<string> _tags = new(StringComparer.Ordinal);
    private readonly List<(string AssetName, int Status, bool LeaveStarter)> _uploadFailures = [];
    private readonly List<(string Method, string PathAndQuery, int Status)> _failures = [];
    private long _nextId = 1;

    private readonly ManualResetEventSlim _uploadsFlow = new(initialState: true);

    public FakeGitHub(string owner, string repository, string token)
    {
        Owner = owner;
        Repository = repository;
        Token = token;
        _listener = new LoopbackHttpListener(Serve);
    }

    public string Owner { get; }

    public string Repository { get; }

    /// <summary>The token the fake accepts, as <c>Authorization: Bearer</c> or <c>token</c>.</summary>
    public string Token { get; }

    public int Port => _listener.Port;

    public Uri BaseUri => _listener.BaseUri;

    /// <summary>The path of the repository in the API, e.g. <c>/api/v3/repos/acme/rds-csi</c>.</summary>
    public string RepositoryPath => $"/api/v3/repos/{Owner}/{Repository}";

    public string UploadPath => $"/api/uploads/repos/{Owner}/{Repository}";

    /// <summary>The most items a page holds, whatever per_page asks for (GitHub's is 100).</summary>
    public int MaxPageSize { get; set; } = 100;

    /// <summary>False answers <c>"digest": null</c>, as GitHub does for assets uploaded before it computed digests (2025).</summary>
    public bool ReportsDigests { get; set; } = true;

    /// <summary>True puts the Authorization header it received into error messages, as a careless proxy might.</summary>
    public bool EchoesAuthorizationInErrors { get; set; }

    public IReadOnlyList<FakeGitHubRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    public IReadOnlyList<string> RequestLines => [.. Requests.Select(request => request.Line)];

    public IReadOnlyList<FakeGitHubRelease> Releases
    {
        get
        {
            lock (_gate)
            {
                return [.. _releases];
            }
        }
    }

    public FakeGitHubRelease Release(string tag) => Releases.Single(release => release.TagName == tag);

    /// <summary>An Octokit client for this fake, with <paramref name="token"/> (the accepted one by default) as its credentials.</summary>
    public GitHubClient Client(string? token = null) =>
        new(new OctokitProduct("rds-csi-build"), BaseUri) { Credentials = new Credentials(token ?? Token) };

    public FakeGitHubRelease AddRelease(string tag, bool draft, string? name = null, string body = "", bool prerelease = false)
    {
        lock (_gate)
        {
            var release = new FakeGitHubRelease(_nextId++, tag) { Name = name ?? tag, Body = body, Draft = draft, Prerelease = prerelease };
            _releases.Add(release);
            return release;
        }
    }

    public FakeGitHubAsset AddAsset(FakeGitHubRelease release, string name, byte[] content, string state = Uploaded, string contentType = "application/octet-stream")
    {
        lock (_gate)
        {
            var asset = new FakeGitHubAsset(_nextId++, name, contentType, content, state);
            release.Assets.Add(asset);
            return asset;
        }
    }

    /// <summary>Makes the tag known to git/ref, as a pushed tag is.</summary>
    public void AddTag(string tag)
    {
        lock (_gate)
        {
            _tags.Add(tag);
        }
    }

    /// <summary>The next upload of <paramref name="assetName"/> fails with <paramref name="status"/>; with <paramref name="leaveStarter"/> it leaves a <c>starter</c> asset, as GitHub may.</summary>
    public void FailUploadOnce(string assetName, int status = 500, bool leaveStarter = false)
    {
        lock (_gate)
        {
            _uploadFailures.Add((assetName, status, leaveStarter));
        }
    }

    /// <summary>Uploads wait unanswered until <see cref="ReleaseUploads"/>, so that a test can kill the program during one.</summary>
    public void HoldUploads() => _uploadsFlow.Reset();

    /// <summary>Lets held and later uploads through.</summary>
    public void ReleaseUploads() => _uploadsFlow.Set();

    /// <summary>The next <paramref name="method"/> <paramref name="pathAndQuery"/> (exactly as sent) fails with <paramref name="status"/>.</summary>
    public void FailOnce(string method, string pathAndQuery, int status)
    {
        lock (_gate)
        {
            _failures.Add((method, pathAndQuery, status));
        }
    }

    public void ClearRequests()
    {
        lock (_gate)
        {
            _requests.Clear();
        }
    }

    public void Dispose()
    {
        _uploadsFlow.Set();
        _listener.Dispose();
        _uploadsFlow.Dispose();
    }

    private void Serve(HttpListenerContext context, byte[] body)
    {
        if (context.Request.Url!.AbsolutePath.StartsWith("/api/uploads/", StringComparison.Ordinal))
        {
            _uploadsFlow.Wait(TimeSpan.FromMinutes(5));
        }

        Answer answer;
        lock (_gate)
        {
            answer = Handle(context.Request, body);
        }

        Write(context.Response, context.Request.HttpMethod, answer);
    }

    private sealed record Answer(int Status, byte[] Body, string ContentType, IReadOnlyDictionary<string, string> Headers)
    {
        public static Answer Json(int status, JsonNode json, IReadOnlyDictionary<string, string>? headers = null) =>
            new(status, Encoding.UTF8.GetBytes(json.ToJsonString()), "application/json; charset=utf-8", headers ?? new Dictionary<string, string>());

        public static Answer Bytes(byte[] content) => new(200, content, "application/octet-stream", new Dictionary<string, string>());

        public static Answer Redirect(string location) => new(302, [], "text/plain", new Dictionary<string, string> { ["Location"] = location });

        public static Answer Empty(int status) => new(status, [], "text/plain", new Dictionary<string, string>());
    }

    private Answer Handle(HttpListenerRequest request, byte[] body)
    {
        var method = request.HttpMethod;
        var pathAndQuery = request.Url!.PathAndQuery;
        var path = request.Url.AbsolutePath;
        var query = HttpUtility.ParseQueryString(request.Url.Query);
        var authorization = request.Headers["Authorization"];
        var isUpload = path.StartsWith("/api/uploads/", StringComparison.Ordinal);
        _requests.Add(new FakeGitHubRequest(method, pathAndQuery, authorization, request.Headers["Accept"], request.ContentType, isUpload ? null : Encoding.UTF8.GetString(body)));

        var isDownload = DownloadRoute().IsMatch(path);
        if (!isDownload && !IsAuthorized(authorization))
        {
            return Error(401, "Bad credentials", authorization);
        }

        var failure = _failures.FindIndex(item => item.Method == method && item.PathAndQuery == pathAndQuery);
        if (failure >= 0)
        {
            var status = _failures[failure].Status;
            _failures.RemoveAt(failure);
            return Error(status, $"the fake was told to fail {method} {pathAndQuery}", authorization);
        }

        if (isUpload)
        {
            return Upload(path, query, request.ContentType, body, authorization);
        }

        if (isDownload)
        {
            var download = DownloadRoute().Match(path);
            var asset = _releases.Where(release => release.TagName == download.Groups["tag"].Value)
                .SelectMany(release => release.Assets)
                .FirstOrDefault(candidate => candidate.Name == Uri.UnescapeDataString(download.Groups["name"].Value));
            return asset is null ? Error(404, "Not Found", null) : Answer.Bytes(asset.Content);
        }

        var api = $"/api/v3/repos/{Owner}/{Repository}";
        if (!path.StartsWith(api + "/", StringComparison.Ordinal))
        {
            return Error(404, "Not Found", authorization);
        }

        var route = path[api.Length..];
        return (method, route) switch
        {
            ("GET", "/releases") => Page(_releases.OrderByDescending(release => release.Id).Select(ReleaseJson).ToList(), path, query),
            ("POST", "/releases") => Create(body),
            ("GET", _) when ReleaseRoute().Match(route) is { Success: true } match => Find(match) is { } release ? Answer.Json(200, ReleaseJson(release)) : Error(404, "Not Found", authorization),
            ("PATCH", _) when ReleaseRoute().Match(route) is { Success: true } match => Find(match) is { } release ? Update(release, body) : Error(404, "Not Found", authorization),
            ("GET", _) when AssetsRoute().Match(route) is { Success: true } match => Find(match) is { } release
                ? Page(release.Assets.Select(asset => AssetJson(release, asset)).ToList(), path, query)
                : Error(404, "Not Found", authorization),
            ("GET", _) when AssetRoute().Match(route) is { Success: true } match => FindAsset(match) is { } found
                ? (request.Headers["Accept"] ?? "").Contains("application/octet-stream", StringComparison.Ordinal)
                    ? Answer.Redirect(DownloadUrl(found.Release, found.Asset))
                    : Answer.Json(200, AssetJson(found.Release, found.Asset))
                : Error(404, "Not Found", authorization),
            ("DELETE", _) when AssetRoute().Match(route) is { Success: true } match => FindAsset(match) is { } found
                ? Delete(found.Release, found.Asset)
                : Error(404, "Not Found", authorization),
            ("GET", _) when TagReleaseRoute().Match(route) is { Success: true } match =>
                _releases.FirstOrDefault(release => !release.Draft && release.TagName == Uri.UnescapeDataString(match.Groups["tag"].Value)) is { } release
                    ? Answer.Json(200, ReleaseJson(release))
                    : Error(404, "Not Found", authorization),
            ("GET", _) when TagRefRoute().Match(route) is { Success: true } match => _tags.Contains(Uri.UnescapeDataString(match.Groups["tag"].Value))
                ? Answer.Json(200, TagJson(Uri.UnescapeDataString(match.Groups["tag"].Value)))
                : Error(404, "Not Found", authorization),
            _ when route.StartsWith("/git/", StringComparison.Ordinal) && HandleGitData(method, route, body) is { } git => git,
            _ => Error(404, "Not Found", authorization),
        };
    }

    private bool IsAuthorized(string? authorization) =>
        authorization is not null
        && (authorization == $"Bearer {Token}" || string.Equals(authorization, $"token {Token}", StringComparison.OrdinalIgnoreCase));

    private FakeGitHubRelease? Find(Match match) => _releases.FirstOrDefault(release => release.Id == long.Parse(match.Groups["id"].Value));

    private (FakeGitHubRelease Release, FakeGitHubAsset Asset)? FindAsset(Match match)
    {
        var id = long.Parse(match.Groups["id"].Value);
        foreach (var release in _releases)
        {
            if (release.Assets.FirstOrDefault(asset => asset.Id == id) is { } asset)
            {
                return (release, asset);
            }
        }

        return null;
    }

    private Answer Create(byte[] body)
    {
        var json = JsonNode.Parse(body)!.AsObject();
        var tag = json["tag_name"]!.GetValue<string>();
        if (_releases.Any(release => release.TagName == tag && !release.Draft))
        {
            return ValidationFailed("Release", "tag_name");
        }

        var release = new FakeGitHubRelease(_nextId++, tag)
        {
            Name = json["name"]?.GetValue<string>(),
            Body = json["body"]?.GetValue<string>() ?? "",
            Draft = json["draft"]?.GetValue<bool>() ?? false,
            Prerelease = json["prerelease"]?.GetValue<bool>() ?? false,
        };
        _releases.Add(release);
        return Answer.Json(201, ReleaseJson(release));
    }

    private Answer Update(FakeGitHubRelease release, byte[] body)
    {
        var json = JsonNode.Parse(body)!.AsObject();
        if (json["draft"] is { } draft && !draft.GetValue<bool>() && _releases.Any(other => other != release && !other.Draft && other.TagName == release.TagName))
        {
            return ValidationFailed("Release", "tag_name");
        }

        release.TagName = json["tag_name"]?.GetValue<string>() ?? release.TagName;
        release.Name = json["name"]?.GetValue<string>() ?? release.Name;
        release.Body = json["body"]?.GetValue<string>() ?? release.Body;
        release.Draft = json["draft"]?.GetValue<bool>() ?? release.Draft;
        release.Prerelease = json["prerelease"]?.GetValue<bool>() ?? release.Prerelease;
        return Answer.Json(200, ReleaseJson(release));
    }

    private Answer Upload(string path, NameValueCollection query, string? contentType, byte[] content, string? authorization)
    {
        var match = UploadRoute().Match(path);
        var release = match.Success && match.Groups["repo"].Value == $"{Owner}/{Repository}" ? Find(match) : null;
        var name = query["name"];
        if (release is null || string.IsNullOrEmpty(name))
        {
            return Error(404, "Not Found", authorization);
        }

        var failure = _uploadFailures.FindIndex(item => item.AssetName == name);
        if (failure >= 0)
        {
            var (_, status, leaveStarter) = _uploadFailures[failure];
            _uploadFailures.RemoveAt(failure);
            if (leaveStarter)
            {
                release.Assets.Add(new FakeGitHubAsset(_nextId++, name, contentType ?? "", [], Starter));
            }

            return Error(status, "the fake was told to fail this upload", authorization);
        }

        if (release.Asset(name) is not null)
        {
            return ValidationFailed("ReleaseAsset", "name");
        }

        var asset = new FakeGitHubAsset(_nextId++, name, contentType ?? "application/octet-stream", content, Uploaded);
        release.Assets.Add(asset);
        return Answer.Json(201, AssetJson(release, asset));
    }

    private static Answer Delete(FakeGitHubRelease release, FakeGitHubAsset asset)
    {
        release.Assets.Remove(asset);
        return Answer.Empty(204);
    }

    /// <summary>One page of <paramref name="items"/> with GitHub's Link header (next, last) when there are more.</summary>
    private Answer Page(IReadOnlyList<JsonNode> items, string path, NameValueCollection query)
    {
        var size = Math.Min(int.TryParse(query["per_page"], out var asked) ? asked : 30, MaxPageSize);
        var page = int.TryParse(query["page"], out var number) ? number : 1;
        var last = Math.Max(1, (items.Count + size - 1) / size);
        var json = new JsonArray([.. items.Skip((page - 1) * size).Take(size).Select(item => item.DeepClone())]);
        var headers = new Dictionary<string, string>();
        if (page < last)
        {
            string Link(int target) => $"<{BaseUri.ToString().TrimEnd('/')}{path}?per_page={size}&page={target}>";
            headers["Link"] = $"{Link(page + 1)}; rel=\"next\", {Link(last)}; rel=\"last\"";
        }

        return Answer.Json(200, json, headers);
    }

    private JsonObject ReleaseJson(FakeGitHubRelease release)
    {
        var api = $"{BaseUri}api/v3/repos/{Owner}/{Repository}";
        var htmlTag = release.Draft ? $"untagged-{release.Id}" : release.TagName;
        return new JsonObject
        {
            ["url"] = $"{api}/releases/{release.Id}",
            ["html_url"] = $"{BaseUri}{Owner}/{Repository}/releases/tag/{htmlTag}",
            ["assets_url"] = $"{api}/releases/{release.Id}/assets",
            ["upload_url"] = $"{BaseUri}api/uploads/repos/{Owner}/{Repository}/releases/{release.Id}/assets{{?name,label}}",
            ["tarball_url"] = $"{api}/tarball/{release.TagName}",
            ["zipball_url"] = $"{api}/zipball/{release.TagName}",
            ["id"] = release.Id,
            ["node_id"] = $"RE_{release.Id}",
            ["tag_name"] = release.TagName,
            ["target_commitish"] = "main",
            ["name"] = release.Name,
            ["draft"] = release.Draft,
            ["prerelease"] = release.Prerelease,
            ["created_at"] = "2026-01-02T03:04:05Z",
            ["published_at"] = release.Draft ? null : "2026-01-02T03:05:06Z",
            ["assets"] = new JsonArray([.. release.Assets.Select(asset => (JsonNode)AssetJson(release, asset))]),
            ["body"] = release.Body,
        };
    }

    private JsonObject AssetJson(FakeGitHubRelease release, FakeGitHubAsset asset) => new()
    {
        ["url"] = $"{BaseUri}api/v3/repos/{Owner}/{Repository}/releases/assets/{asset.Id}",
        ["browser_download_url"] = DownloadUrl(release, asset),
        ["id"] = asset.Id,
        ["node_id"] = $"RA_{asset.Id}",
        ["name"] = asset.Name,
        ["label"] = "",
        ["state"] = asset.State,
        ["content_type"] = asset.ContentType,
        ["size"] = asset.Content.Length,
        ["digest"] = ReportsDigests && asset.State == Uploaded ? asset.Sha256 : null,
        ["download_count"] = 0,
        ["created_at"] = "2026-01-02T03:04:05Z",
        ["updated_at"] = "2026-01-02T03:04:05Z",
    };

    private string DownloadUrl(FakeGitHubRelease release, FakeGitHubAsset asset) =>
        $"{BaseUri}{Owner}/{Repository}/releases/download/{Uri.EscapeDataString(release.TagName)}/{Uri.EscapeDataString(asset.Name)}";

    private JsonObject TagJson(string tag) => new()
    {
        ["ref"] = $"refs/tags/{tag}",
        ["node_id"] = $"REF_{tag}",
        ["url"] = $"{BaseUri}api/v3/repos/{Owner}/{Repository}/git/refs/tags/{tag}",
        ["object"] = new JsonObject
        {
            ["sha"] = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(tag))),
            ["type"] = "commit",
            ["url"] = $"{BaseUri}api/v3/repos/{Owner}/{Repository}/git/commits/0",
        },
    };

    private Answer Error(int status, string message, string? authorization) => Answer.Json(status, new JsonObject
    {
        ["message"] = EchoesAuthorizationInErrors && authorization is not null ? $"{message} (you sent Authorization: {authorization})" : message,
        ["documentation_url"] = "https://docs.github.com/rest",
        ["status"] = status.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    private static Answer ValidationFailed(string resource, string field) => Answer.Json(422, new JsonObject
    {
        ["message"] = "Validation Failed",
        ["errors"] = new JsonArray(new JsonObject { ["resource"] = resource, ["code"] = "already_exists", ["field"] = field }),
        ["documentation_url"] = "https://docs.github.com/rest",
        ["status"] = "422",
    });

    private static void Write(HttpListenerResponse response, string method, Answer answer)
    {
        response.StatusCode = answer.Status;
        foreach (var (name, value) in answer.Headers)
        {
            response.AddHeader(name, value);
        }

        response.ContentType = answer.ContentType;
        response.ContentLength64 = answer.Body.Length;
        if (method != "HEAD")
        {
            response.OutputStream.Write(answer.Body);
        }

        response.Close();
    }

    [GeneratedRegex(@"^/releases/(?<id>\d+)$")]
    private static partial Regex ReleaseRoute();

    [GeneratedRegex(@"^/releases/(?<id>\d+)/assets$")]
    private static partial Regex AssetsRoute();

    [GeneratedRegex(@"^/releases/assets/(?<id>\d+)$")]
    private static partial Regex AssetRoute();

    [GeneratedRegex(@"^/releases/tags/(?<tag>[^/]+)$")]
    private static partial Regex TagReleaseRoute();

    [GeneratedRegex(@"^/git/ref/tags/(?<tag>[^/]+)$")]
    private static partial Regex TagRefRoute();

    [GeneratedRegex(@"^/api/uploads/repos/(?<repo>[^/]+/[^/]+)/releases/(?<id>\d+)/assets$")]
    private static partial Regex UploadRoute();

    [GeneratedRegex(@"^/[^/]+/[^/]+/releases/download/(?<tag>[^/]+)/(?<name>[^/]+)$")]
    private static partial Regex DownloadRoute();
}
