using System.Net;
using System.Text;
using Build.Registry;
using Build.Tests.Support;

namespace Build.Tests.Registry;

/// <summary>
/// The rules of logging in to a registry, one per test, against <see cref="FakeRegistry"/> or a loopback HTTP server
/// that answers a challenge as the test needs: which scope a token is asked for, Bearer before Basic, a password sent
/// once, credentials only to the registry's own origin and its token service, and token lifetimes.
/// </summary>
public sealed class RegistryAuthRulesTests
{
    private const string Repository = "acme/app";
    private static readonly RegistryCredentials Robot = new("robot", "s3cr3t-Pa55word-never-shown");
    private static readonly byte[] Manifest = new OciImageManifest { Config = OciDescriptor.EmptyJson }.ToJson();
    private static readonly string ManifestDigest = OciDigest.Sha256(Manifest);

    private static FakeRegistry WithManifest(FakeRegistry fake)
    {
        var headers = new Dictionary<string, string> { ["Docker-Content-Digest"] = ManifestDigest };
        return fake
            .On("HEAD", $"/v2/{Repository}/manifests/v1", new FakeAnswer(200, Manifest, OciMediaTypes.ImageManifest, headers))
            .On("GET", $"/v2/{Repository}/manifests/v1", new FakeAnswer(200, Manifest, OciMediaTypes.ImageManifest, headers))
            .On("PUT", $"/v2/{Repository}/manifests/v1", new FakeAnswer(201, Headers: headers))
            .On("GET", "/v2/", FakeAnswer.Json(200, "{}"));
    }

    private static string BasicOf(RegistryCredentials credentials) =>
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credentials.Username}:{credentials.Password}"));

    /// <summary>
    /// A registry guarded by <paramref name="challenge"/> (its WWW-Authenticate values; {base} is the server's own URL)
    /// whose token service at /token answers <paramref name="tokenAnswer"/>; a request with "Bearer good" gets the manifest.
    /// </summary>
    private sealed class ChallengingRegistry : IDisposable
    {
        private readonly LoopbackHttpListener _listener;
        private readonly List<(string PathAndQuery, string? Authorization)> _requests = [];

        public ChallengingRegistry(string[] challenge, string tokenAnswer = """{"token":"good","expires_in":300}""", int tokenStatus = 200)
        {
            _listener = new LoopbackHttpListener((context, _) =>
            {
                var pathAndQuery = context.Request.Url!.PathAndQuery;
                var authorization = context.Request.Headers["Authorization"];
                lock (_requests)
                {
                    _requests.Add((pathAndQuery, authorization));
                }

                var response = context.Response;
                if (pathAndQuery.StartsWith("/token", StringComparison.Ordinal))
                {
                    response.StatusCode = tokenStatus;
                    response.ContentType = "application/json";
                    response.OutputStream.Write(Encoding.UTF8.GetBytes(tokenAnswer));
                }
                else if (authorization == "Bearer good")
                {
                    response.StatusCode = 200;
                    response.ContentType = OciMediaTypes.ImageManifest;
                    response.AddHeader("Docker-Content-Digest", ManifestDigest);
                    response.OutputStream.Write(Manifest);
                }
                else
                {
                    response.StatusCode = 401;
                    foreach (var value in challenge)
                    {
                        response.Headers.Add("WWW-Authenticate", value.Replace("{base}", BaseUri.ToString(), StringComparison.Ordinal));
                    }
                }

                response.Close();
            });
        }

        public Uri BaseUri => _listener.BaseUri;

        public IReadOnlyList<(string PathAndQuery, string? Authorization)> Requests
        {
            get
            {
                lock (_requests)
                {
                    return [.. _requests];
                }
            }
        }

        public IEnumerable<string> TokenRequests => Requests.Where(request => request.PathAndQuery.StartsWith("/token", StringComparison.Ordinal)).Select(request => request.PathAndQuery);

        public void Dispose() => _listener.Dispose();
    }

    /// <summary>A clock the test moves by hand.</summary>
    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Test]
    public async Task A_token_request_for_a_push_asks_for_pull_and_push_scope_when_the_challenge_names_none_Contract()
    {
        using var fake = WithManifest(new FakeRegistry(FakeAuth.Bearer, Robot) { NamesScope = false });
        using var client = new OciRegistryClient(fake.BaseUri, Robot);

        await client.PutManifestAsync(Repository, "v1", Manifest, OciMediaTypes.ImageManifest);

        Assert.That(fake.TokenRequests.Single().PathAndQuery, Is.EqualTo("/token?service=fake.registry.invalid&scope=repository%3Aacme%2Fapp%3Apull%2Cpush"));
    }

    [Test]
    public async Task A_token_request_for_a_pull_asks_for_pull_scope_only_when_the_challenge_names_none_Contract()
    {
        using var fake = WithManifest(new FakeRegistry(FakeAuth.Bearer, Robot) { NamesScope = false });
        using var client = new OciRegistryClient(fake.BaseUri, Robot);

        await client.ResolveDigestAsync(Repository, "v1");

        Assert.That(fake.TokenRequests.Single().PathAndQuery, Is.EqualTo("/token?service=fake.registry.invalid&scope=repository%3Aacme%2Fapp%3Apull"));
    }

    [Test]
    public async Task A_ping_asks_for_a_token_without_a_repository_scope_Contract()
    {
        using var fake = WithManifest(new FakeRegistry(FakeAuth.Bearer, Robot));
        using var client = new OciRegistryClient(fake.BaseUri, Robot);

        Assert.That(await client.PingAsync(), Is.True);
        Assert.That(fake.TokenRequests.Single().PathAndQuery, Is.EqualTo("/token?service=fake.registry.invalid"));
    }

    [Test]
    public async Task The_token_request_asks_for_the_scope_the_challenge_names()
    {
        using var registry = new ChallengingRegistry(["Bearer realm=\"{base}token\",service=\"svc\",scope=\"repository:acme/app:pull repository:acme/base:pull\""]);
        using var client = new OciRegistryClient(registry.BaseUri, Robot);

        Assert.That(await client.ResolveDigestAsync(Repository, "v1"), Is.EqualTo(ManifestDigest));
        Assert.That(registry.TokenRequests.Single(), Is.EqualTo("/token?service=svc&scope=" + Uri.EscapeDataString("repository:acme/app:pull repository:acme/base:pull")));
    }

    [Test]
    public async Task A_push_token_also_serves_pulls_of_the_same_repository_Contract()
    {
        using var fake = WithManifest(new FakeRegistry(FakeAuth.Bearer, Robot));
        using var client = new OciRegistryClient(fake.BaseUri, Robot);

        await client.PutManifestAsync(Repository, "v1", Manifest, OciMediaTypes.ImageManifest);
        Assert.That(await client.ResolveDigestAsync(Repository, "v1"), Is.EqualTo(ManifestDigest));

        Assert.That(fake.TokensIssued, Is.EqualTo(1));
        Assert.That(fake.ApiRequests.Last().Authorization, Is.EqualTo("Bearer token-1"));
    }

    [Test]
    public async Task The_token_is_renewed_ten_seconds_before_its_expiry_Contract()
    {
        var clock = new ManualClock();
        using var fake = WithManifest(new FakeRegistry(FakeAuth.Bearer, Robot) { TokenLifetime = 300 });
        using var client = new OciRegistryClient(fake.BaseUri, Robot, time: clock);
        await client.ResolveDigestAsync(Repository, "v1");

        clock.Now += TimeSpan.FromSeconds(289);
        await client.ResolveDigestAsync(Repository, "v1");
        Assert.That(fake.TokensIssued, Is.EqualTo(1), "289 s after it was issued, a 300 s token is still used");

        clock.Now += TimeSpan.FromSeconds(1);
        await client.ResolveDigestAsync(Repository, "v1");
        Assert.That(fake.TokensIssued, Is.EqualTo(2), "at 290 s it is renewed");
        Assert.That(fake.ApiRequests.Last().Authorization, Is.EqualTo("Bearer token-2"));
    }

    [Test]
    public async Task A_token_said_to_last_less_than_a_minute_is_kept_for_the_spec_s_minimum_Contract()
    {
        var clock = new ManualClock();
        using var fake = WithManifest(new FakeRegistry(FakeAuth.Bearer, Robot) { TokenLifetime = 5 });
        using var client = new OciRegistryClient(fake.BaseUri, Robot, time: clock);
        await client.ResolveDigestAsync(Repository, "v1");

        clock.Now += TimeSpan.FromSeconds(49);
        await client.ResolveDigestAsync(Repository, "v1");
        Assert.That(fake.TokensIssued, Is.EqualTo(1), "a token lasts at least 60 s (renewed at 50 s)");

        clock.Now += TimeSpan.FromSeconds(1);
        await client.ResolveDigestAsync(Repository, "v1");
        Assert.That(fake.TokensIssued, Is.EqualTo(2));
    }

    [Test]
    public async Task An_empty_token_field_falls_back_to_access_token()
    {
        using var registry = new ChallengingRegistry(["Bearer realm=\"{base}token\",service=\"svc\""], """{"token":"","access_token":"good"}""");
        using var client = new OciRegistryClient(registry.BaseUri, Robot);

        Assert.That(await client.ResolveDigestAsync(Repository, "v1"), Is.EqualTo(ManifestDigest));
        Assert.That(registry.Requests.Last().Authorization, Is.EqualTo("Bearer good"));
    }

    [Test]
    public async Task A_token_answer_without_a_token_is_an_error_naming_the_token_service()
    {
        using var registry = new ChallengingRegistry(["Bearer realm=\"{base}token\",service=\"svc\""], """{"expires_in":300}""");
        using var client = new OciRegistryClient(registry.BaseUri, Robot);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ResolveDigestAsync(Repository, "v1"));

        Assert.That(error!.Message, Does.Contain($"{registry.BaseUri}token").And.Contain("neither 'token' nor 'access_token'"));
    }

    [Test]
    public async Task A_refused_anonymous_token_request_says_credentials_are_needed_Contract()
    {
        using var fake = WithManifest(new FakeRegistry(FakeAuth.Bearer, Robot));
        using var client = new OciRegistryClient(fake.BaseUri);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.PingAsync());

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(error.Message, Does.Contain("a token for the registry from").And.Contain("(anonymously)").And.Contain("needs credentials"));
    }

    [Test]
    public async Task A_refused_token_login_names_the_user_it_was_tried_as_Contract()
    {
        using var fake = WithManifest(new FakeRegistry(FakeAuth.Bearer, new RegistryCredentials("robot", "the-right-one")));
        using var client = new OciRegistryClient(fake.BaseUri, Robot);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ResolveDigestAsync(Repository, "v1"));

        Assert.That(error!.Message, Does.Contain("(as robot)").And.Contain("Check the password (or token) of robot."));
    }

    [Test]
    public async Task A_token_service_error_that_is_not_about_the_login_gives_no_login_advice()
    {
        using var registry = new ChallengingRegistry(["Bearer realm=\"{base}token\",service=\"svc\""], """{"errors":[{"code":"UNAVAILABLE","message":"down"}]}""", tokenStatus: 503);
        using var client = new OciRegistryClient(registry.BaseUri, Robot);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ResolveDigestAsync(Repository, "v1"));

        Assert.That(error!.IsTransient, Is.True);
        Assert.That(error.Message, Does.Contain("503").And.Contain("(UNAVAILABLE: down)").And.Not.Contain("password").And.Not.Contain("credentials"));
    }

    [Test]
    public async Task A_registry_that_offers_Bearer_and_Basic_gets_a_token_not_the_password()
    {
        using var registry = new ChallengingRegistry(["Basic realm=\"registry\"", "Bearer realm=\"{base}token\",service=\"svc\""]);
        using var client = new OciRegistryClient(registry.BaseUri, Robot);

        Assert.That(await client.ResolveDigestAsync(Repository, "v1"), Is.EqualTo(ManifestDigest));
        var api = registry.Requests.Where(request => request.PathAndQuery.StartsWith("/v2/", StringComparison.Ordinal));
        Assert.That(api.Select(request => request.Authorization), Is.EqualTo(new[] { null, "Bearer good" }));
    }

    [Test]
    public async Task A_401_whose_challenge_is_neither_Bearer_nor_Basic_is_reported_as_unauthorized()
    {
        using var registry = new ChallengingRegistry(["Negotiate"]);
        using var client = new OciRegistryClient(registry.BaseUri, Robot);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ResolveDigestAsync(Repository, "v1"));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(registry.TokenRequests, Is.Empty);
    }

    [Test]
    public async Task Challenge_parameters_without_quotes_are_understood()
    {
        using var registry = new ChallengingRegistry(["Bearer realm={base}token,service=plain"]);
        using var client = new OciRegistryClient(registry.BaseUri, Robot);

        Assert.That(await client.ResolveDigestAsync(Repository, "v1"), Is.EqualTo(ManifestDigest));
        Assert.That(registry.TokenRequests.Single(), Does.StartWith("/token?service=plain&"));
    }

    [Test]
    public async Task An_escaped_quote_in_a_challenge_parameter_is_read_as_a_quote()
    {
        using var registry = new ChallengingRegistry(["Bearer realm=\"{base}token\",service=\"my \\\"quoted\\\" service\""]);
        using var client = new OciRegistryClient(registry.BaseUri, Robot);

        Assert.That(await client.ResolveDigestAsync(Repository, "v1"), Is.EqualTo(ManifestDigest));
        Assert.That(registry.TokenRequests.Single(), Does.StartWith("/token?service=" + Uri.EscapeDataString("my \"quoted\" service") + "&"));
    }

    [Test]
    public async Task A_token_realm_that_is_not_HTTP_is_refused()
    {
        using var registry = new ChallengingRegistry(["Bearer realm=\"ftp://127.0.0.1/token\",service=\"svc\""]);
        using var client = new OciRegistryClient(registry.BaseUri, Robot);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ResolveDigestAsync(Repository, "v1"));

        Assert.That(error!.Message, Does.Contain("ftp://127.0.0.1/token").And.Contain("not HTTPS"));
    }

    [Test]
    public async Task A_challenge_from_blob_storage_on_another_origin_gets_no_login_Contract()
    {
        var blob = "layer bytes"u8.ToArray();
        var digest = OciDigest.Sha256(blob);
        using var storage = new FakeRegistry(FakeAuth.Bearer, Robot).On("GET", "/v2/storage/blob", new FakeAnswer(200, blob, "application/octet-stream"));
        using var fake = new FakeRegistry()
            .On("GET", $"/v2/{Repository}/blobs/{digest}", new FakeAnswer(307, Headers: new Dictionary<string, string> { ["Location"] = $"{storage.BaseUri}v2/storage/blob" }));
        using var client = new OciRegistryClient(fake.BaseUri, Robot);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.GetBlobAsync(Repository, digest));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(storage.TokenRequests, Is.Empty, "the other origin's token service got no login");
        Assert.That(storage.Requests.Select(request => request.Authorization), Has.All.Null);
    }

    [Test]
    public async Task A_refused_Basic_login_is_not_sent_again_Contract()
    {
        using var fake = WithManifest(new FakeRegistry(FakeAuth.Basic, new RegistryCredentials("robot", "the-right-one")));
        using var client = new OciRegistryClient(fake.BaseUri, Robot);

        await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync(Repository, "v1"));

        Assert.That(fake.ApiRequests.Select(request => request.Authorization), Is.EqualTo(new[] { null, BasicOf(Robot) }));
    }

    [Test]
    public async Task An_anonymous_client_asks_a_Basic_registry_once_Contract()
    {
        using var fake = WithManifest(new FakeRegistry(FakeAuth.Basic, Robot));
        using var client = new OciRegistryClient(fake.BaseUri);

        await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync(Repository, "v1"));

        Assert.That(fake.ApiRequests.Count(), Is.EqualTo(1));
    }

    [Test]
    public async Task A_refused_push_names_the_user_the_repository_and_push_access_Contract()
    {
        using var fake = WithManifest(new FakeRegistry(FakeAuth.Basic, new RegistryCredentials("robot", "the-right-one")));
        using var client = new OciRegistryClient(fake.BaseUri, Robot);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.PutManifestAsync(Repository, "v1", Manifest, OciMediaTypes.ImageManifest));

        Assert.That(error!.Message, Does.Contain("Check that robot may push to acme/app and that the password (or token) is current."));
    }

    [Test]
    public async Task A_refused_pull_names_the_user_the_repository_and_pull_access_Contract()
    {
        using var fake = WithManifest(new FakeRegistry(FakeAuth.Basic, new RegistryCredentials("robot", "the-right-one")));
        using var client = new OciRegistryClient(fake.BaseUri, Robot);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync(Repository, "v1"));

        Assert.That(error!.Message, Does.Contain("Check that robot may pull from acme/app"));
    }

    [Test]
    public async Task A_refused_anonymous_pull_says_which_repository_needs_credentials_Contract()
    {
        using var fake = WithManifest(new FakeRegistry(FakeAuth.Basic, Robot));
        using var client = new OciRegistryClient(fake.BaseUri);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync(Repository, "v1"));

        Assert.That(error!.Message, Does.Contain("give a username and password (or token) that may pull from acme/app."));
    }

    [Test]
    public async Task A_refused_anonymous_ping_says_the_registry_needs_credentials_Contract()
    {
        using var fake = WithManifest(new FakeRegistry(FakeAuth.Basic, Robot));
        using var client = new OciRegistryClient(fake.BaseUri);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.PingAsync());

        Assert.That(error!.Message, Does.Contain("that may pull from it."));
    }
    [Test]
    public async Task A_token_realm_s_own_query_is_kept_as_the_registry_wrote_it()
    {
        using var registry = new ChallengingRegistry(["Bearer realm=\"{base}token?account=robot\""]);
        using var client = new OciRegistryClient(registry.BaseUri, Robot);

        Assert.That(await client.PingAsync(), Is.True);
        Assert.That(registry.TokenRequests.Single(), Is.EqualTo("/token?account=robot"));
    }

    [Test]
    public async Task A_Bearer_challenge_without_a_realm_is_refused_naming_the_registry()
    {
        using var registry = new ChallengingRegistry(["Bearer service=\"svc\""]);
        using var client = new OciRegistryClient(registry.BaseUri, Robot);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ResolveDigestAsync(Repository, "v1"));

        Assert.That(error!.Message, Does.StartWith($"{registry.BaseUri.Authority} asked for a Bearer token without a usable realm"));
        Assert.That(registry.TokenRequests, Is.Empty);
    }
}
