using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Build.Registry;

/// <summary>
/// A client of the OCI distribution API (v2 / distribution-spec 1.1): manifests, blobs and tags of one registry.
/// Anonymous, Basic, or the Bearer token flow of ghcr.io; tokens are cached per scope. Credentials and tokens are sent
/// only to the registry's own origin and to the token realm it names. No retries: callers wrap calls in a policy that
/// looks at <see cref="RegistryException.IsTransient"/>.
/// </summary>
public sealed partial class OciRegistryClient : IDisposable
{
    private const string DigestHeader = "Docker-Content-Digest";
    private const int MaxRedirects = 5;
    private const int MaxErrorBody = 64 * 1024;

    /// <summary>The largest manifest, index or JSON answer read (distribution itself refuses manifests over 4 MiB).</summary>
    public const int MaxManifestBytes = 4 * 1024 * 1024;

    /// <summary>The largest blob read when its descriptor's size is not given.</summary>
    public const long MaxBlobBytes = 64L * 1024 * 1024;

    private readonly HttpClient _http;
    private readonly RegistryCredentials? _credentials;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, CachedToken> _tokens = new(StringComparer.Ordinal);
    private volatile bool _registryAsksForBasic;

    /// <param name="baseUri">The registry root, e.g. https://ghcr.io/ or http://127.0.0.1:5000/ (plain HTTP only on loopback).</param>
    /// <param name="credentials">None for anonymous access.</param>
    /// <param name="timeout">For each HTTP request; 100 seconds when not given.</param>
    /// <param name="handler">Wraps the HTTP handler, e.g. in a retry policy for transient answers.</param>
    /// <param name="time">The clock that token lifetimes are measured by; the system's when not given.</param>
    public OciRegistryClient(Uri baseUri, RegistryCredentials? credentials = null, TimeSpan? timeout = null, Func<HttpMessageHandler, HttpMessageHandler>? handler = null, TimeProvider? time = null)
    {
        if (!baseUri.IsAbsoluteUri || (baseUri.Scheme != Uri.UriSchemeHttps && baseUri.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException($"Registry address '{baseUri}' is not an http(s) URL; write e.g. https://ghcr.io/ or http://127.0.0.1:5000/.", nameof(baseUri));
        }

        if (baseUri.Scheme == Uri.UriSchemeHttp && !baseUri.IsLoopback)
        {
            throw new ArgumentException($"Registry address '{baseUri}' uses plain HTTP on a host that is not loopback; use https://{baseUri.Authority}/.", nameof(baseUri));
        }

        // Uri writes the empty path of an http(s) authority as "/".
        BaseUri = new Uri(baseUri.GetLeftPart(UriPartial.Authority));
        _credentials = credentials;
        _time = time ?? TimeProvider.System;
        // Redirects are followed by hand so that credentials never travel to another origin.
        var sockets = new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        _http = new HttpClient(handler?.Invoke(sockets) ?? sockets)
        {
            Timeout = timeout ?? TimeSpan.FromSeconds(100),
        };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("rds-csi-build", "1.0"));
    }

    public Uri BaseUri { get; }

    /// <summary>host[:port], as it appears in image references and messages.</summary>
    public string Registry => BaseUri.Authority;

    /// <summary>The base URI of a registry named as in an image reference: HTTP for loopback hosts, HTTPS otherwise.</summary>
    public static Uri BaseUriFor(string registry)
    {
        if (!Uri.TryCreate("https://" + registry + "/", UriKind.Absolute, out var https) || https.AbsolutePath != "/")
        {
            throw new ArgumentException($"'{registry}' is not a registry host; write HOST[:PORT], e.g. ghcr.io or 127.0.0.1:5959.", nameof(registry));
        }

        return https.IsLoopback ? new Uri("http://" + registry) : https;
    }

    /// <summary>True when GET /v2/ answers 2xx (after authenticating); false when nothing answers.</summary>
    public async Task<bool> PingAsync(CancellationToken cancellationToken = default)
    {
        const string what = "the API root /v2/";
        try
        {
            using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, Api("")), null, Access.Pull, what, cancellationToken);
            await EnsureSuccessAsync(response, what, null, Access.Pull, cancellationToken);
            return true;
        }
        catch (RegistryException exception) when (exception.StatusCode is null)
        {
            return false;
        }
    }

    /// <summary>The digest <paramref name="reference"/> (a tag or digest) points to, or null when the registry has no such manifest.</summary>
    public async Task<string?> ResolveDigestAsync(string repository, string reference, CancellationToken cancellationToken = default)
    {
        var what = ManifestName(repository, reference);
        using (var head = await SendAsync(() => ManifestRequest(HttpMethod.Head, repository, reference), repository, Access.Pull, what, cancellationToken))
        {
            if (head.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            await EnsureSuccessAsync(head, what, repository, Access.Pull, cancellationToken);
            if (HeaderDigest(head) is { } digest)
            {
                return digest;
            }
        }

        return (await GetManifestAsync(repository, reference, cancellationToken))?.Digest;
    }

    /// <summary>The manifest or index <paramref name="reference"/> points to, or null when the registry has none.</summary>
    public async Task<ManifestResponse?> GetManifestAsync(string repository, string reference, CancellationToken cancellationToken = default)
    {
        var what = ManifestName(repository, reference);
        using var response = await SendAsync(() => ManifestRequest(HttpMethod.Get, repository, reference), repository, Access.Pull, what, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureSuccessAsync(response, what, repository, Access.Pull, cancellationToken);
        var content = await ReadBodyAsync(response, MaxManifestBytes, what, cancellationToken);
        var computed = OciDigest.Sha256(content);
        var digest = HeaderDigest(response) ?? computed;
        if (OciDigest.IsDigest(reference) && !OciDigest.Matches(reference, content))
        {
            throw new RegistryException($"{Registry} served {what} with content whose digest is {computed}; the registry is corrupt or not the one meant.");
        }

        var mediaType = response.Content.Headers.ContentType?.MediaType ?? MediaTypeInside(content) ?? OciMediaTypes.ImageManifest;
        return new ManifestResponse(content, mediaType, digest);
    }

    /// <summary>
    /// The OCI 1.1 referrers of <paramref name="digest"/>: the registry's referrers API (an image index), or, where the
    /// registry has none (404), the fallback tag <c>sha256-&lt;hex&gt;</c> that clients such as cosign and oras keep
    /// instead. Empty when neither exists. <see cref="Referrers.FromApi"/> says which one answered.
    /// </summary>
    public async Task<Referrers> GetReferrersAsync(string repository, string digest, CancellationToken cancellationToken = default)
    {
        if (!OciDigest.IsDigest(digest))
        {
            throw new ArgumentException($"'{digest}' is not a digest", nameof(digest));
        }

        var what = $"{Registry}/{repository}: referrers of {digest}";
        using (var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, Api($"{repository}/referrers/{digest}")) { Headers = { Accept = { new MediaTypeWithQualityHeaderValue(OciMediaTypes.ImageIndex) } } }, repository, Access.Pull, what, cancellationToken))
        {
            if (response.StatusCode != HttpStatusCode.NotFound)
            {
                await EnsureSuccessAsync(response, what, repository, Access.Pull, cancellationToken);
                return new Referrers(true, OciIndex.Parse(await ReadBodyAsync(response, MaxManifestBytes, what, cancellationToken)).Manifests);
            }
        }

        var fallback = await GetManifestAsync(repository, digest.Replace(':', '-'), cancellationToken);
        return new Referrers(false, fallback is { IsIndex: true } ? fallback.AsIndex().Manifests : []);
    }

    /// <summary>Stores <paramref name="manifest"/> under <paramref name="reference"/> (a tag, or its own digest) and returns its digest.</summary>
    public async Task<string> PutManifestAsync(string repository, string reference, byte[] manifest, string mediaType, CancellationToken cancellationToken = default)
    {
        var what = ManifestName(repository, reference);
        var digest = OciDigest.Sha256(manifest);
        if (OciDigest.IsDigest(reference) && !OciDigest.Matches(reference, manifest))
        {
            throw new ArgumentException($"Cannot put {what}: the manifest's digest is {digest}; put it by that digest or under a tag.", nameof(reference));
        }

        using var response = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Put, Api($"{repository}/manifests/{reference}"))
            {
                Content = new ByteArrayContent(manifest) { Headers = { ContentType = new MediaTypeHeaderValue(mediaType) } },
            },
            repository,
            Access.Push,
            what,
            cancellationToken);
        await EnsureSuccessAsync(response, what, repository, Access.Push, cancellationToken);
        return VerifiedDigest(response, digest, what);
    }

    /// <summary>True when the repository has the blob.</summary>
    public async Task<bool> BlobExistsAsync(string repository, string digest, CancellationToken cancellationToken = default)
    {
        var what = BlobName(repository, digest);
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Head, Api($"{repository}/blobs/{CheckDigest(digest)}")), repository, Access.Pull, what, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        // A registry that keeps blobs elsewhere answers with a redirect to them.
        if (IsRedirect(response.StatusCode))
        {
            return true;
        }

        await EnsureSuccessAsync(response, what, repository, Access.Pull, cancellationToken);
        return true;
    }

    /// <summary>The blob a descriptor names, read up to the descriptor's size and checked against its digest.</summary>
    public Task<byte[]> GetBlobAsync(string repository, OciDescriptor descriptor, CancellationToken cancellationToken = default) =>
        GetBlobAsync(repository, descriptor.Digest, descriptor.Size, cancellationToken);

    /// <summary>
    /// The blob's bytes (following redirects to blob storage, only to HTTPS or loopback HTTP), checked against
    /// <paramref name="digest"/>; more than <paramref name="size"/> bytes (or <see cref="MaxBlobBytes"/>) is an error.
    /// </summary>
    public async Task<byte[]> GetBlobAsync(string repository, string digest, long? size = null, CancellationToken cancellationToken = default)
    {
        var what = BlobName(repository, digest);
        var uri = Api($"{repository}/blobs/{CheckDigest(digest)}");
        for (var redirects = 0; ; redirects++)
        {
            var current = uri;
            using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, current), repository, Access.Pull, what, cancellationToken);
            if (IsRedirect(response.StatusCode) && response.Headers.Location is { } location)
            {
                uri = RedirectTarget(current, location, redirects, what);
                continue;
            }

            await EnsureSuccessAsync(response, what, repository, Access.Pull, cancellationToken);
            var content = await ReadBodyAsync(response, size ?? MaxBlobBytes, what, cancellationToken);
            if (!OciDigest.Matches(digest, content))
            {
                throw new RegistryException($"{Registry} served {what} with content whose digest is {OciDigest.Sha256(content)}; the download is corrupt.");
            }

            return content;
        }
    }

    /// <summary>
    /// Uploads <paramref name="content"/> unless the repository has it already, in one request or in chunks of
    /// <paramref name="chunkSize"/> bytes, and returns its digest after checking the one the registry reports.
    /// </summary>
    public async Task<string> UploadBlobAsync(string repository, ReadOnlyMemory<byte> content, int? chunkSize = null, CancellationToken cancellationToken = default)
    {
        if (chunkSize is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(chunkSize), chunkSize, "A chunk size must be a positive number of bytes.");
        }

        var digest = OciDigest.Sha256(content.Span);
        if (await BlobExistsAsync(repository, digest, cancellationToken))
        {
            return digest;
        }

        var what = BlobName(repository, digest);
        Uri location;
        using (var start = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, Api($"{repository}/blobs/uploads/")), repository, Access.Push, what, cancellationToken))
        {
            await EnsureSuccessAsync(start, what, repository, Access.Push, cancellationToken);
            location = UploadLocation(start, what);
        }

        var final = content;
        if (chunkSize is { } size)
        {
            for (var offset = 0; offset < content.Length; offset += size)
            {
                var chunk = content.Slice(offset, Math.Min(size, content.Length - offset));
                var current = location;
                var range = $"{offset}-{offset + chunk.Length - 1}";
                using var patch = await SendAsync(
                    () =>
                    {
                        var body = Octets(chunk);
                        body.Headers.TryAddWithoutValidation("Content-Range", range);
                        return new HttpRequestMessage(HttpMethod.Patch, current) { Content = body };
                    },
                    repository,
                    Access.Push,
                    what,
                    cancellationToken);
                await EnsureSuccessAsync(patch, $"{what} (bytes {range})", repository, Access.Push, cancellationToken);
                location = UploadLocation(patch, what);
            }

            final = ReadOnlyMemory<byte>.Empty;
        }

        var commit = WithQuery(location, "digest", digest);
        using var put = await SendAsync(() => new HttpRequestMessage(HttpMethod.Put, commit) { Content = Octets(final) }, repository, Access.Push, what, cancellationToken);
        await EnsureSuccessAsync(put, what, repository, Access.Push, cancellationToken);
        return VerifiedDigest(put, digest, what);
    }

    /// <summary>Every tag of the repository, following the registry's <c>Link</c> pages (of <paramref name="pageSize"/> tags when given).</summary>
    public async Task<IReadOnlyList<string>> ListTagsAsync(string repository, int? pageSize = null, CancellationToken cancellationToken = default)
    {
        if (pageSize is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(pageSize), pageSize, "A page size must be a positive number of tags.");
        }

        var what = $"the tags of {CheckRepository(repository)}";
        var tags = new List<string>();
        var visited = new HashSet<Uri>();
        Uri? next = Api($"{repository}/tags/list" + (pageSize is { } n ? $"?n={n}" : ""));
        while (next is not null && visited.Add(next))
        {
            var current = next;
            using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, current), repository, Access.Pull, what, cancellationToken);
            await EnsureSuccessAsync(response, what, repository, Access.Pull, cancellationToken);
            var page = await ReadJsonAsync<TagList>(response, what, cancellationToken);
            tags.AddRange(page.Tags ?? []);
            next = NextPage(response, current);
        }

        return tags;
    }

    public void Dispose() => _http.Dispose();

    private enum Access
    {
        Pull,
        Push,
    }

    /// <summary>Sends a request, answering one authentication challenge (Bearer token or Basic) by sending it again.</summary>
    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> createRequest, string? repository, Access access, string what, CancellationToken cancellationToken)
    {
        var scope = repository is null ? "" : $"repository:{repository}:{(access == Access.Push ? "pull,push" : "pull")}";
        var response = await SendOnceAsync(Authorized(createRequest(), scope), what, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized || !IsOwnOrigin(response.RequestMessage?.RequestUri) || AuthChallenge.From(response) is not { } challenge)
        {
            return response;
        }

        if (challenge.IsBearer)
        {
            _tokens[scope] = await FetchTokenAsync(challenge, scope, cancellationToken);
        }
        else if (_credentials is not null && response.RequestMessage?.Headers.Authorization?.Scheme != "Basic")
        {
            _registryAsksForBasic = true;
        }
        else
        {
            return response;
        }

        // Stryker disable once Statement : disposing the challenged answer only hands its connection back to the pool sooner
        response.Dispose();
        return await SendOnceAsync(Authorized(createRequest(), scope), what, cancellationToken);
    }

    private HttpRequestMessage Authorized(HttpRequestMessage request, string scope)
    {
        if (!IsOwnOrigin(request.RequestUri))
        {
            return request;
        }

        if (_registryAsksForBasic && _credentials is not null)
        {
            request.Headers.Authorization = BasicHeader(_credentials);
        }
        else if (CachedTokenFor(scope) is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return request;
    }

    /// <summary>A live token for the scope; a push token (scope ...:pull,push) also serves pulls of the same repository.</summary>
    private string? CachedTokenFor(string scope) => LiveToken(scope) ?? LiveToken(scope + ",push");

    private string? LiveToken(string scope) =>
        _tokens.TryGetValue(scope, out var cached) && cached.ExpiresAt > _time.GetUtcNow() ? cached.Token : null;

    private async Task<CachedToken> FetchTokenAsync(AuthChallenge challenge, string scope, CancellationToken cancellationToken)
    {
        if (challenge["realm"] is not { Length: > 0 } realmText || !Uri.TryCreate(realmText, UriKind.Absolute, out var realm))
        {
            throw new RegistryException($"{Registry} asked for a Bearer token without a usable realm ('{challenge["realm"]}'); it is not a registry this client can log in to.");
        }

        // As docker does: the login goes to the token service the registry itself names, over HTTPS. Plain HTTP only for
        // a loopback registry's own host (another port of it), never to some other listener on this machine.
        if (realm.Scheme != Uri.UriSchemeHttps
            && !(realm.Scheme == Uri.UriSchemeHttp && BaseUri.Scheme == Uri.UriSchemeHttp && BaseUri.IsLoopback
                 && string.Equals(realm.Host, BaseUri.Host, StringComparison.OrdinalIgnoreCase)))
        {
            throw new RegistryException($"{Registry} names the token service {realm.GetLeftPart(UriPartial.Path)}, which is not HTTPS on another host; refusing to send it a login or ask it for a token.");
        }

        var requestedScope = challenge["scope"] is { Length: > 0 } challengeScope ? challengeScope : scope;
        var query = new List<string>();
        if (challenge["service"] is { Length: > 0 } service)
        {
            query.Add("service=" + Uri.EscapeDataString(service));
        }

        if (requestedScope.Length > 0)
        {
            query.Add("scope=" + Uri.EscapeDataString(requestedScope));
        }

        var tokenUri = query.Count == 0 ? realm : WithQuery(realm, string.Join('&', query));
        var who = _credentials is null ? "anonymously" : $"as {_credentials.Username}";
        var what = $"a token for {(requestedScope.Length > 0 ? requestedScope : "the registry")} from {realm.GetLeftPart(UriPartial.Path)} ({who})";
        using var request = new HttpRequestMessage(HttpMethod.Get, tokenUri);
        if (_credentials is not null)
        {
            request.Headers.Authorization = BasicHeader(_credentials);
        }

        using var response = await SendOnceAsync(request, what, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var (code, message) = await ErrorOfAsync(response, cancellationToken);
            var hint = response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
                ? _credentials is null ? " The registry needs credentials: give a username and password (or token) that may use it." : $" Check the password (or token) of {_credentials.Username}."
                : "";
            throw new RegistryException($"Could not get {what}: {Status(response)}{Detail(code, message)}.{hint}", response.StatusCode, code, message);
        }

        var body = await ReadJsonAsync<TokenResponse>(response, what, cancellationToken);
        var token = body.Token is { Length: > 0 } ? body.Token : body.AccessToken;
        if (string.IsNullOrEmpty(token))
        {
            throw new RegistryException($"Could not get {what}: the answer has neither 'token' nor 'access_token'.");
        }

        // Spec: a token without expires_in lasts 60 seconds; renew a little early.
        var lifetime = TimeSpan.FromSeconds(Math.Max(body.ExpiresIn ?? 60, 60)) - TimeSpan.FromSeconds(10);
        return new CachedToken(token, _time.GetUtcNow() + lifetime);
    }

    private async Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, string what, CancellationToken cancellationToken)
    {
        // The request is this method's to dispose, whether it was answered or not.
        using (request)
        {
            var target = $"{request.Method} {what}";
            try
            {
                // Bodies are read by ReadBodyAsync, with a cap and a deadline, never buffered whole by HttpClient.
                return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            }
            catch (HttpRequestException exception)
            {
                // A name that does not resolve or a TLS failure will not pass by trying again; a refused or reset connection may.
                var lasting = exception.HttpRequestError is HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError;
                throw new RegistryException(
                    $"Could not reach {request.RequestUri?.Authority ?? Registry} for {target}: {exception.Message}",
                    transient: !lasting,
                    innerException: exception);
            }
            catch (TaskCanceledException exception) when (!cancellationToken.IsCancellationRequested)
            {
                throw new RegistryException($"{request.RequestUri?.Authority ?? Registry} did not answer {target} ({request.RequestUri?.AbsolutePath}) within {_http.Timeout.TotalSeconds:0} seconds.", transient: true, innerException: exception);
            }
        }
    }

    private async Task EnsureSuccessAsync(HttpResponseMessage response, string what, string? repository, Access access, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var (code, message) = await ErrorOfAsync(response, cancellationToken);
        var hint = response.StatusCode switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden when _credentials is null =>
                $" The registry needs credentials: give a username and password (or token) that may {AccessName(access)} {repository ?? "it"}.",
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden =>
                $" Check that {_credentials!.Username} may {AccessName(access)} {repository ?? "the registry"} and that the password (or token) is current.",
            _ => "",
        };
        throw new RegistryException($"{Registry} answered {Status(response)} to {response.RequestMessage?.Method} {what}{Detail(code, message)}.{hint}", response.StatusCode, code, message);
    }

    private async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, string what, CancellationToken cancellationToken)
        where T : struct
    {
        var body = await ReadBodyAsync(response, MaxManifestBytes, what, cancellationToken);
        try
        {
            return JsonSerializer.Deserialize<T>(body);
        }
        catch (JsonException exception)
        {
            throw new RegistryException($"{response.RequestMessage?.RequestUri?.Authority ?? Registry} answered {response.RequestMessage?.Method} {what} with JSON this client cannot read: {exception.Message}", response.StatusCode, innerException: exception);
        }
    }

    /// <summary>The first entry of the registry's <c>{"errors":[{"code","message"}]}</c> body, if it sent one (of at most 64 KiB, within the timeout).</summary>
    private async Task<(string? Code, string? Message)> ErrorOfAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        byte[] body;
        try
        {
            // Stryker disable once String : the name only appears in an exception that the catch below swallows
            body = await ReadBodyAsync(response, MaxErrorBody, "an error answer", cancellationToken);
        }
        catch (RegistryException)
        {
            return (null, null);
        }

        if (body.Length == 0)
        {
            return (null, null);
        }

        try
        {
            var errors = JsonSerializer.Deserialize<ErrorList>(body);
            var first = errors.Errors?.FirstOrDefault();
            return (first?.Code, first?.Message);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    /// <summary>
    /// Reads a body of at most <paramref name="limit"/> bytes within the client's timeout: an oversized, endless or
    /// stalled answer fails naming the URL and the reason instead of filling memory or waiting for ever.
    /// </summary>
    private async Task<byte[]> ReadBodyAsync(HttpResponseMessage response, long limit, string what, CancellationToken cancellationToken)
    {
        var url = response.RequestMessage?.RequestUri?.GetLeftPart(UriPartial.Path) ?? BaseUri.ToString();
        if (response.Content.Headers.ContentLength is { } declared && declared > limit)
        {
            throw new RegistryException($"{url} announced {declared} bytes for {what}, more than the {Bytes(limit)} accepted; not reading it.");
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_http.Timeout);
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(deadline.Token);
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, deadline.Token)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    throw new RegistryException($"{url} sent more than the {Bytes(limit)} accepted for {what}; stopped reading an oversized or endless answer.");
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RegistryException($"{url} did not finish sending {what} within {_http.Timeout.TotalSeconds:0} seconds.", transient: true, innerException: exception);
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException)
        {
            throw new RegistryException($"The connection to {url} broke while reading {what}: {exception.Message}", transient: true, innerException: exception);
        }
    }

    private static string Bytes(long count) => count % (1024 * 1024) == 0 ? $"{count / (1024 * 1024)} MiB" : count % 1024 == 0 ? $"{count / 1024} KiB" : $"{count} bytes";

    /// <summary>Where a redirect leads, refused when it loops, leaves HTTP(S), or drops to plain HTTP off loopback.</summary>
    private static Uri RedirectTarget(Uri current, Uri location, int redirects, string what)
    {
        var target = new Uri(current, location);
        if (redirects >= MaxRedirects)
        {
            throw new RegistryException($"{current.GetLeftPart(UriPartial.Path)} redirected {what} more than {MaxRedirects} times (last to {target.GetLeftPart(UriPartial.Path)}): a redirect loop; not following it.");
        }

        if (target.Scheme != Uri.UriSchemeHttps && target.Scheme != Uri.UriSchemeHttp)
        {
            throw new RegistryException($"{current.GetLeftPart(UriPartial.Path)} redirected {what} to {target.Scheme}: ({target.GetLeftPart(UriPartial.Path)}), which is not an HTTP(S) URL; not following it.");
        }

        if (target.Scheme == Uri.UriSchemeHttp && !target.IsLoopback)
        {
            throw new RegistryException($"{current.GetLeftPart(UriPartial.Path)} redirected {what} to plain HTTP on {target.Authority}, which is not loopback; not following it (blobs travel over TLS).");
        }

        return target;
    }

    private static string Status(HttpResponseMessage response) => $"{(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd();

    private static string Detail(string? code, string? message) =>
        code is null && message is null ? "" : $" ({string.Join(": ", new[] { code, message }.Where(part => !string.IsNullOrEmpty(part)))})";

    private static string AccessName(Access access) => access == Access.Push ? "push to" : "pull from";

    private string VerifiedDigest(HttpResponseMessage response, string expected, string what)
    {
        var reported = HeaderDigest(response);
        if (reported is not null && !string.Equals(reported, expected, StringComparison.Ordinal))
        {
            throw new RegistryException($"{Registry} stored {what} under digest {reported}, but its content has digest {expected}.");
        }

        return expected;
    }

    private static string? HeaderDigest(HttpResponseMessage response) =>
        response.Headers.TryGetValues(DigestHeader, out var values) && values.FirstOrDefault() is { Length: > 0 } digest ? digest : null;

    private Uri UploadLocation(HttpResponseMessage response, string what) =>
        response.Headers.Location is { } location
            ? new Uri(response.RequestMessage?.RequestUri ?? BaseUri, location)
            : throw new RegistryException($"{Registry} accepted the upload of {what} but sent no Location to continue it.");

    private static Uri? NextPage(HttpResponseMessage response, Uri current)
    {
        if (!response.Headers.TryGetValues("Link", out var links))
        {
            return null;
        }

        foreach (var link in links)
        {
            var match = NextLinkPattern().Match(link);
            if (match.Success)
            {
                return new Uri(current, match.Groups["target"].Value);
            }
        }

        return null;
    }

    private bool IsOwnOrigin(Uri? uri) =>
        uri is not null && Uri.Compare(uri, BaseUri, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;

    private static bool IsRedirect(HttpStatusCode status) => (int)status is >= 300 and < 400;

    private Uri Api(string path) => new(BaseUri, "v2/" + path);

    private HttpRequestMessage ManifestRequest(HttpMethod method, string repository, string reference)
    {
        var request = new HttpRequestMessage(method, Api($"{repository}/manifests/{reference}"));
        foreach (var mediaType in OciMediaTypes.Manifests)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(mediaType));
        }

        return request;
    }

    private static ByteArrayContent Octets(ReadOnlyMemory<byte> content) =>
        new(content.ToArray()) { Headers = { ContentType = new MediaTypeHeaderValue("application/octet-stream") } };

    private static Uri WithQuery(Uri uri, string name, string value) => WithQuery(uri, name + "=" + Uri.EscapeDataString(value));

    private static Uri WithQuery(Uri uri, string query)
    {
        var builder = new UriBuilder(uri);
        var existing = builder.Query.TrimStart('?');
        builder.Query = existing.Length == 0 ? query : existing + "&" + query;
        return builder.Uri;
    }

    private static AuthenticationHeaderValue BasicHeader(RegistryCredentials credentials) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credentials.Username}:{credentials.Password}")));

    private static string? MediaTypeInside(byte[] manifest)
    {
        try
        {
            using var json = JsonDocument.Parse(manifest);
            return json.RootElement.TryGetProperty("mediaType", out var mediaType) ? mediaType.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string ManifestName(string repository, string reference) =>
        $"manifest {CheckRepository(repository)}{(OciDigest.IsDigest(CheckReference(reference)) ? "@" : ":")}{reference}";

    private static string BlobName(string repository, string digest) => $"blob {CheckRepository(repository)}@{CheckDigest(digest)}";

    private static string CheckRepository(string repository) =>
        RepositoryPattern().IsMatch(repository)
            ? repository
            : throw new ArgumentException($"'{repository}' is not a repository name: use lowercase letters, digits and '.', '_', '-' separators between '/'-separated parts, e.g. acme/rds-csi.", nameof(repository));

    private static string CheckReference(string reference) =>
        TagPattern().IsMatch(reference) || OciDigest.IsDigest(reference)
            ? reference
            : throw new ArgumentException($"'{reference}' is neither a tag (up to 128 letters, digits, '_', '.', '-') nor a digest (sha256:<hex>).", nameof(reference));

    private static string CheckDigest(string digest) =>
        OciDigest.IsDigest(digest) ? digest : throw new ArgumentException($"'{digest}' is not a digest; write sha256:<64 hex>.", nameof(digest));

    [GeneratedRegex(@"^[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*$")]
    private static partial Regex RepositoryPattern();

    [GeneratedRegex(@"^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$")]
    private static partial Regex TagPattern();

    [GeneratedRegex("""<(?<target>[^>]*)>\s*;\s*rel="?next"?""", RegexOptions.IgnoreCase)]
    private static partial Regex NextLinkPattern();

    private sealed record CachedToken(string Token, DateTimeOffset ExpiresAt);

    private readonly record struct TokenResponse(
        [property: JsonPropertyName("token")] string? Token,
        [property: JsonPropertyName("access_token")] string? AccessToken,
        [property: JsonPropertyName("expires_in")] int? ExpiresIn);

    private readonly record struct TagList([property: JsonPropertyName("tags")] IReadOnlyList<string>? Tags);

    private readonly record struct ErrorList([property: JsonPropertyName("errors")] IReadOnlyList<RegistryError>? Errors);

    private sealed record RegistryError([property: JsonPropertyName("code")] string? Code, [property: JsonPropertyName("message")] string? Message);
}
