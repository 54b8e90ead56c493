using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Build.Registry;
using Build.Tests.Support;

namespace Build.Tests.Registry;

/// <summary>What a fake route answers.</summary>
public sealed record FakeAnswer(int Status, byte[]? Body = null, string? ContentType = null, IReadOnlyDictionary<string, string>? Headers = null)
{
    public static FakeAnswer Json(int status, string json, IReadOnlyDictionary<string, string>? headers = null) =>
        new(status, Encoding.UTF8.GetBytes(json), "application/json", headers);

    public static FakeAnswer Error(int status, string code, string message) =>
        Json(status, $$"""{"errors":[{"code":"{{code}}","message":"{{message}}"}]}""");
}

/// <summary>A request the fake received, with the Authorization header it carried.</summary>
public sealed record FakeRequest(string Method, string PathAndQuery, string? Authorization);

public enum FakeAuth
{
    None,
    Bearer,
    Basic,
}

/// <summary>
/// A stand-in registry for contract tests: an HttpListener on a free loopback port that answers /v2/ routes the test
/// sets, guarded like ghcr.io (401 with a Bearer challenge and a token service at /token) or by Basic auth.
/// </summary>
public sealed class FakeRegistry : IDisposable
{
    private const string Service = "fake.registry.invalid";
    private readonly LoopbackHttpListener _listener;
    private readonly ConcurrentDictionary<string, FakeAnswer> _routes = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<FakeRequest> _requests = new();
    private readonly ConcurrentDictionary<string, string> _liveTokens = new(StringComparer.Ordinal);
    private int _tokensIssued;

    public FakeRegistry(FakeAuth auth = FakeAuth.None, RegistryCredentials? accepted = null)
    {
        Auth = auth;
        Accepted = accepted;
        _listener = new LoopbackHttpListener(Serve);
    }

    public FakeAuth Auth { get; }

    /// <summary>False: the Bearer challenge names no scope (as some registries answer), so the client asks for its own.</summary>
    public bool NamesScope { get; init; } = true;

    /// <summary>The expires_in of the tokens issued, in seconds; null leaves it out.</summary>
    public int? TokenLifetime { get; init; } = 300;

    /// <summary>The login the token service (Bearer) or the registry (Basic) accepts; none accepts anyone.</summary>
    public RegistryCredentials? Accepted { get; }

    public int Port => _listener.Port;

    public Uri BaseUri => _listener.BaseUri;

    public IReadOnlyList<FakeRequest> Requests => [.. _requests];

    public IEnumerable<FakeRequest> TokenRequests => Requests.Where(request => request.PathAndQuery.StartsWith("/token", StringComparison.Ordinal));

    public IEnumerable<FakeRequest> ApiRequests => Requests.Where(request => request.PathAndQuery.StartsWith("/v2/", StringComparison.Ordinal));

    public int TokensIssued => _tokensIssued;

    /// <summary>Answers <paramref name="method"/> <paramref name="pathAndQuery"/> (exactly as sent) with <paramref name="answer"/>.</summary>
    public FakeRegistry On(string method, string pathAndQuery, FakeAnswer answer)
    {
        _routes[$"{method} {pathAndQuery}"] = answer;
        return this;
    }

    /// <summary>Forgets every token issued, as a registry does when they expire.</summary>
    public void RevokeTokens() => _liveTokens.Clear();

    public void Dispose() => _listener.Dispose();

    private void Serve(HttpListenerContext context, byte[] body)
    {
        var request = context.Request;
        var pathAndQuery = request.Url!.PathAndQuery;
        _requests.Enqueue(new FakeRequest(request.HttpMethod, pathAndQuery, request.Headers["Authorization"]));
        Write(context.Response, request.HttpMethod, Answer(request.HttpMethod, pathAndQuery, request.Headers["Authorization"]));
    }

    private FakeAnswer Answer(string method, string pathAndQuery, string? authorization)
    {
        if (pathAndQuery.StartsWith("/token", StringComparison.Ordinal))
        {
            return IssueToken(authorization);
        }

        if (!IsAuthorized(authorization))
        {
            return Challenge(method, pathAndQuery);
        }

        return _routes.TryGetValue($"{method} {pathAndQuery}", out var answer)
            ? answer
            : FakeAnswer.Error(404, "NOT_FOUND", $"the fake has no route for {method} {pathAndQuery}");
    }

    private bool IsAuthorized(string? authorization) => Auth switch
    {
        FakeAuth.Bearer => authorization is not null && authorization.StartsWith("Bearer ", StringComparison.Ordinal) && _liveTokens.ContainsKey(authorization["Bearer ".Length..]),
        FakeAuth.Basic => authorization == BasicOf(Accepted!),
        _ => true,
    };

    private FakeAnswer Challenge(string method, string pathAndQuery)
    {
        var unauthorized = FakeAnswer.Error(401, "UNAUTHORIZED", "authentication required");
        if (Auth == FakeAuth.Basic)
        {
            return unauthorized with { Headers = new Dictionary<string, string> { ["WWW-Authenticate"] = "Basic realm=\"fake\"" } };
        }

        var parts = pathAndQuery.Split('?')[0].Split('/', StringSplitOptions.RemoveEmptyEntries);
        var marker = Array.FindIndex(parts, part => part is "manifests" or "blobs" or "tags");
        var scope = marker > 1 && NamesScope
            ? $",scope=\"repository:{string.Join('/', parts[1..marker])}:{(method is "GET" or "HEAD" ? "pull" : "pull,push")}\""
            : "";
        return unauthorized with
        {
            Headers = new Dictionary<string, string> { ["WWW-Authenticate"] = $"Bearer realm=\"{BaseUri}token\",service=\"{Service}\"{scope}" },
        };
    }

    private FakeAnswer IssueToken(string? authorization)
    {
        if (Accepted is not null && authorization != BasicOf(Accepted))
        {
            return FakeAnswer.Error(401, "UNAUTHORIZED", "incorrect username or password");
        }

        var token = "token-" + Interlocked.Increment(ref _tokensIssued);
        _liveTokens[token] = token;
        return FakeAnswer.Json(200, TokenLifetime is { } seconds ? $$"""{"token":"{{token}}","expires_in":{{seconds}}}""" : $$"""{"token":"{{token}}"}""");
    }

    private static string BasicOf(RegistryCredentials credentials) =>
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credentials.Username}:{credentials.Password}"));

    private static void Write(HttpListenerResponse response, string method, FakeAnswer answer)
    {
        response.StatusCode = answer.Status;
        foreach (var (name, value) in answer.Headers ?? new Dictionary<string, string>())
        {
            response.AddHeader(name, value);
        }

        if (answer.ContentType is not null)
        {
            response.ContentType = answer.ContentType;
        }

        var body = answer.Body ?? [];
        response.ContentLength64 = body.Length;
        if (method != "HEAD")
        {
            response.OutputStream.Write(body);
        }

        response.Close();
    }
}
