using System.Net;
using System.Text;
using Build.Registry;
using Build.Tests.Support;

namespace Build.Tests.Registry;

/// <summary>Authentication, errors and redirects against <see cref="FakeRegistry"/>, a stand-in that speaks the parts of the protocol under test.</summary>
public sealed class OciRegistryClientAuthTests
{
    private const string Repository = "acme/app";
    private const string Password = "s3cr3t-Pa55word-never-shown";
    private static readonly RegistryCredentials Robot = new("robot", Password);
    private static readonly byte[] Manifest = new OciImageManifest { Config = OciDescriptor.EmptyJson }.ToJson();
    private static readonly string ManifestDigest = OciDigest.Sha256(Manifest);

    private static FakeRegistry WithManifest(FakeRegistry fake)
    {
        var headers = new Dictionary<string, string> { ["Docker-Content-Digest"] = ManifestDigest };
        return fake
            .On("HEAD", $"/v2/{Repository}/manifests/v1", new FakeAnswer(200, Manifest, OciMediaTypes.ImageManifest, headers))
            .On("GET", $"/v2/{Repository}/manifests/v1", new FakeAnswer(200, Manifest, OciMediaTypes.ImageManifest, headers));
    }

    private static string BasicOf(RegistryCredentials credentials) =>
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credentials.Username}:{credentials.Password}"));

    [Test]
    public async Task Bearer_challenge_gets_a_token_with_basic_credentials_sends_it_and_caches_it_Contract()
    {
        using var fake = WithManifest(new FakeRegistry(FakeAuth.Bearer, Robot));
        using var client = new OciRegistryClient(fake.BaseUri, Robot);

        var first = await client.ResolveDigestAsync(Repository, "v1");
        var second = await client.ResolveDigestAsync(Repository, "v1");
        var manifest = await client.GetManifestAsync(Repository, "v1");

        Assert.That(first, Is.EqualTo(ManifestDigest));
        Assert.That(second, Is.EqualTo(ManifestDigest));
        Assert.That(manifest!.Content, Is.EqualTo(Manifest));
        Assert.That(fake.TokensIssued, Is.EqualTo(1), "one token, cached for the repository's pull scope");
        var tokenRequest = fake.TokenRequests.Single();
        Assert.That(tokenRequest.Authorization, Is.EqualTo(BasicOf(Robot)));
        Assert.That(tokenRequest.PathAndQuery, Is.EqualTo("/token?service=fake.registry.invalid&scope=repository%3Aacme%2Fapp%3Apull"));
        var api = fake.ApiRequests.ToList();
        Assert.That(api[0].Authorization, Is.Null, "the first request finds out how to authenticate");
        Assert.That(api.Skip(1).Select(request => request.Authorization), Has.All.EqualTo("Bearer token-1"));
        Assert.That(api, Has.Count.EqualTo(4), "one challenged request, its retry, then two that used the cached token");
    }

    [Test]
    public async Task Without_credentials_the_token_is_asked_for_anonymously_Contract()
    {
        using var fake = WithManifest(new FakeRegistry(FakeAuth.Bearer));
        using var client = new OciRegistryClient(fake.BaseUri);

        Assert.That(await client.ResolveDigestAsync(Repository, "v1"), Is.EqualTo(ManifestDigest));
        Assert.That(fake.TokenRequests.Single().Authorization, Is.Null);
    }

    [Test]
    public async Task An_expired_token_is_replaced_once_and_the_request_sent_again_Contract()
    {
        using var fake = WithManifest(new FakeRegistry(FakeAuth.Bearer, Robot));
        using var client = new OciRegistryClient(fake.BaseUri, Robot);
        await client.ResolveDigestAsync(Repository, "v1");

        fake.RevokeTokens();

        Assert.That(await client.ResolveDigestAsync(Repository, "v1"), Is.EqualTo(ManifestDigest));
        Assert.That(fake.TokensIssued, Is.EqualTo(2));
        Assert.That(fake.ApiRequests.Last().Authorization, Is.EqualTo("Bearer token-2"));
    }

    [Test]
    public async Task A_push_asks_for_a_pull_and_push_token_Contract()
    {
        using var fake = new FakeRegistry(FakeAuth.Bearer, Robot)
            .On("PUT", $"/v2/{Repository}/manifests/v1", new FakeAnswer(201, Headers: new Dictionary<string, string> { ["Docker-Content-Digest"] = ManifestDigest }));
        using var client = new OciRegistryClient(fake.BaseUri, Robot);

        var digest = await client.PutManifestAsync(Repository, "v1", Manifest, OciMediaTypes.ImageManifest);

        Assert.That(digest, Is.EqualTo(ManifestDigest));
        Assert.That(fake.TokenRequests.Single().PathAndQuery, Does.EndWith("scope=repository%3Aacme%2Fapp%3Apull%2Cpush"));
    }

    [Test]
    public async Task Basic_credentials_are_sent_when_the_registry_asks_for_Basic_Contract()
    {
        using var fake = WithManifest(new FakeRegistry(FakeAuth.Basic, Robot));
        using var client = new OciRegistryClient(fake.BaseUri, Robot);

        Assert.That(await client.ResolveDigestAsync(Repository, "v1"), Is.EqualTo(ManifestDigest));
        Assert.That(await client.ResolveDigestAsync(Repository, "v1"), Is.EqualTo(ManifestDigest));

        Assert.That(fake.TokenRequests, Is.Empty);
        Assert.That(fake.ApiRequests.Select(request => request.Authorization), Is.EqualTo(new[] { null, BasicOf(Robot), BasicOf(Robot) }));
    }

    [Test]
    public async Task A_wrong_password_for_the_token_service_names_the_user_but_never_the_password_Contract()
    {
        using var fake = WithManifest(new FakeRegistry(FakeAuth.Bearer, new RegistryCredentials("robot", "the-right-one")));
        using var client = new OciRegistryClient(fake.BaseUri, Robot);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ResolveDigestAsync(Repository, "v1"));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(error.ErrorCode, Is.EqualTo("UNAUTHORIZED"));
        Assert.That(error.IsTransient, Is.False);
        Assert.That(error.Message, Does.Contain("robot").And.Contain("token").And.Contain("repository:acme/app:pull").And.Contain("Check the password"));
        Assert.That(error.ToString(), Does.Not.Contain(Password));
        Assert.That(error.ToString(), Does.Not.Contain(Convert.ToBase64String(Encoding.UTF8.GetBytes("robot:" + Password))));
    }

    [Test]
    public async Task A_wrong_basic_password_names_registry_repository_and_reference_but_never_the_password_Contract()
    {
        using var fake = WithManifest(new FakeRegistry(FakeAuth.Basic, new RegistryCredentials("robot", "the-right-one")));
        using var client = new OciRegistryClient(fake.BaseUri, Robot);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync(Repository, "v1"));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(error.Message, Does.Contain($"127.0.0.1:{fake.Port}").And.Contain("acme/app:v1").And.Contain("robot"));
        Assert.That(error.ToString(), Does.Not.Contain(Password));
    }

    [Test]
    public async Task Anonymous_access_to_a_registry_that_wants_Basic_says_credentials_are_needed_Contract()
    {
        using var fake = WithManifest(new FakeRegistry(FakeAuth.Basic, Robot));
        using var client = new OciRegistryClient(fake.BaseUri);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ResolveDigestAsync(Repository, "v1"));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(error.Message, Does.Contain("needs credentials"));
    }

    [Test]
    public void Credentials_never_show_the_password()
    {
        Assert.That(Robot.ToString(), Does.Contain("robot").And.Not.Contain(Password));
        Assert.That($"{Robot}", Does.Not.Contain(Password));
    }

    [Test]
    public void Half_given_credentials_name_the_source_and_the_missing_half()
    {
        var error = Assert.Throws<ArgumentException>(() => RegistryCredentials.From("robot", null, "REGISTRY_USERNAME/REGISTRY_PASSWORD"));

        Assert.That(error!.Message, Does.Contain("REGISTRY_USERNAME/REGISTRY_PASSWORD").And.Contain("without a password"));
        Assert.That(RegistryCredentials.From(null, null, "source"), Is.Null);
    }

    [Test]
    public async Task Tags_are_read_across_Link_pages_Contract()
    {
        using var fake = new FakeRegistry()
            .On("GET", $"/v2/{Repository}/tags/list?n=2", FakeAnswer.Json(200, """{"name":"acme/app","tags":["a","b"]}""", new Dictionary<string, string> { ["Link"] = $"</v2/{Repository}/tags/list?last=b&n=2>; rel=\"next\"" }))
            .On("GET", $"/v2/{Repository}/tags/list?last=b&n=2", FakeAnswer.Json(200, """{"name":"acme/app","tags":["c","d"]}""", new Dictionary<string, string> { ["Link"] = $"</v2/{Repository}/tags/list?last=d&n=2>; rel=\"next\"" }))
            .On("GET", $"/v2/{Repository}/tags/list?last=d&n=2", FakeAnswer.Json(200, """{"name":"acme/app","tags":["e"]}"""));
        using var client = new OciRegistryClient(fake.BaseUri);

        var tags = await client.ListTagsAsync(Repository, pageSize: 2);

        Assert.That(tags, Is.EqualTo(new[] { "a", "b", "c", "d", "e" }));
        Assert.That(fake.ApiRequests.Count(), Is.EqualTo(3));
    }

    [Test]
    public async Task A_blob_redirect_is_followed_without_sending_credentials_to_the_other_origin_Contract()
    {
        var blob = "layer bytes"u8.ToArray();
        var digest = OciDigest.Sha256(blob);
        using var storage = new FakeRegistry().On("GET", "/v2/storage/blob", new FakeAnswer(200, blob, "application/octet-stream"));
        using var fake = new FakeRegistry(FakeAuth.Bearer, Robot)
            .On("GET", $"/v2/{Repository}/blobs/{digest}", new FakeAnswer(307, Headers: new Dictionary<string, string> { ["Location"] = $"{storage.BaseUri}v2/storage/blob" }));
        using var client = new OciRegistryClient(fake.BaseUri, Robot);

        var content = await client.GetBlobAsync(Repository, digest);

        Assert.That(content, Is.EqualTo(blob));
        Assert.That(fake.ApiRequests.Last().Authorization, Is.EqualTo("Bearer token-1"));
        Assert.That(storage.Requests.Single().Authorization, Is.Null);
    }

    [Test]
    public async Task A_blob_whose_bytes_do_not_match_its_digest_is_refused_Contract()
    {
        var digest = OciDigest.Sha256("what was pushed"u8);
        using var fake = new FakeRegistry().On("GET", $"/v2/{Repository}/blobs/{digest}", new FakeAnswer(200, "something else"u8.ToArray()));
        using var client = new OciRegistryClient(fake.BaseUri);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.GetBlobAsync(Repository, digest));

        Assert.That(error!.Message, Does.Contain(digest).And.Contain("corrupt"));
    }

    [Test]
    public async Task Without_a_digest_header_the_digest_is_computed_from_the_manifest_bytes_Contract()
    {
        using var fake = new FakeRegistry()
            .On("HEAD", $"/v2/{Repository}/manifests/v1", new FakeAnswer(200, Manifest, OciMediaTypes.ImageManifest))
            .On("GET", $"/v2/{Repository}/manifests/v1", new FakeAnswer(200, Manifest, OciMediaTypes.ImageManifest));
        using var client = new OciRegistryClient(fake.BaseUri);

        Assert.That(await client.ResolveDigestAsync(Repository, "v1"), Is.EqualTo(ManifestDigest));
        Assert.That(fake.ApiRequests.Select(request => request.Method), Is.EqualTo(new[] { "HEAD", "GET" }));
    }

    [Test]
    public async Task A_manifest_fetched_by_digest_whose_bytes_differ_is_refused_Contract()
    {
        var other = OciDigest.Sha256("other"u8);
        using var fake = new FakeRegistry().On("GET", $"/v2/{Repository}/manifests/{other}", new FakeAnswer(200, Manifest, OciMediaTypes.ImageManifest));
        using var client = new OciRegistryClient(fake.BaseUri);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync(Repository, other));

        Assert.That(error!.Message, Does.Contain($"acme/app@{other}").And.Contain(ManifestDigest));
    }

    [Test]
    public async Task An_upload_the_registry_stores_under_another_digest_is_refused_Contract()
    {
        var blob = "blob"u8.ToArray();
        var digest = OciDigest.Sha256(blob);
        using var fake = new FakeRegistry()
            .On("POST", $"/v2/{Repository}/blobs/uploads/", new FakeAnswer(202, Headers: new Dictionary<string, string> { ["Location"] = $"/v2/{Repository}/blobs/uploads/u1?_state=abc%3D" }))
            .On("PUT", $"/v2/{Repository}/blobs/uploads/u1?_state=abc%3D&digest={Uri.EscapeDataString(digest)}", new FakeAnswer(201, Headers: new Dictionary<string, string> { ["Docker-Content-Digest"] = ManifestDigest }));
        using var client = new OciRegistryClient(fake.BaseUri);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.UploadBlobAsync(Repository, blob));

        Assert.That(error!.Message, Does.Contain(ManifestDigest).And.Contain(digest));
        Assert.That(fake.ApiRequests.Select(request => request.Method), Is.EqualTo(new[] { "HEAD", "POST", "PUT" }), "the relative Location was followed, keeping its query");
    }

    [Test]
    public async Task Server_errors_and_rate_limits_are_transient_and_not_found_is_not_Contract()
    {
        using var fake = new FakeRegistry()
            .On("GET", $"/v2/{Repository}/manifests/busy", FakeAnswer.Error(503, "UNAVAILABLE", "try later"))
            .On("GET", $"/v2/{Repository}/manifests/limited", FakeAnswer.Error(429, "TOOMANYREQUESTS", "slow down"))
            .On("GET", $"/v2/{Repository}/tags/list", FakeAnswer.Error(404, "NAME_UNKNOWN", "repository name not known to registry"));
        using var client = new OciRegistryClient(fake.BaseUri);

        var busy = await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync(Repository, "busy"));
        var limited = await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync(Repository, "limited"));
        var unknown = await Assert.ThrowsAsync<RegistryException>(() => client.ListTagsAsync(Repository));

        Assert.That((busy!.StatusCode, busy.ErrorCode, busy.IsTransient), Is.EqualTo((HttpStatusCode.ServiceUnavailable, "UNAVAILABLE", true)));
        Assert.That((limited!.StatusCode, limited.IsTransient), Is.EqualTo((HttpStatusCode.TooManyRequests, true)));
        Assert.That((unknown!.StatusCode, unknown.ErrorCode, unknown.IsTransient), Is.EqualTo((HttpStatusCode.NotFound, "NAME_UNKNOWN", false)));
        Assert.That(unknown.Message, Does.Contain("acme/app").And.Contain("NAME_UNKNOWN"));
    }

    [Test]
    public async Task A_closed_port_is_a_transient_failure_without_a_status_and_ping_says_false()
    {
        var closedPort = LocalRegistry.FreeLoopbackPort();
        using var client = new OciRegistryClient(new Uri($"http://127.0.0.1:{closedPort}/"));

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ResolveDigestAsync(Repository, "v1"));

        Assert.That(error!.StatusCode, Is.Null);
        Assert.That(error.IsTransient, Is.True);
        Assert.That(error.Message, Does.Contain($"127.0.0.1:{closedPort}").And.Contain("acme/app:v1"));
        Assert.That(await client.PingAsync(), Is.False);
    }

    [Test]
    public async Task A_host_under_invalid_is_not_transient()
    {
        using var client = new OciRegistryClient(new Uri("https://registry.example.invalid/"), timeout: TimeSpan.FromSeconds(10));

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.BlobExistsAsync(Repository, OciDigest.Sha256("x"u8)));

        Assert.That(error!.StatusCode, Is.Null);
        Assert.That(error.IsTransient, Is.False);
        Assert.That(error.Message, Does.Contain("registry.example.invalid"));
    }

    [Test]
    public void Plain_http_is_refused_for_a_host_that_is_not_loopback()
    {
        var error = Assert.Throws<ArgumentException>(() => new OciRegistryClient(new Uri("http://registry.example.invalid/")));

        Assert.That(error!.Message, Does.Contain("https://registry.example.invalid/"));
    }

    [Test]
    public void Base_uri_is_http_for_loopback_and_https_otherwise()
    {
        Assert.That(OciRegistryClient.BaseUriFor("127.0.0.1:5959"), Is.EqualTo(new Uri("http://127.0.0.1:5959/")));
        Assert.That(OciRegistryClient.BaseUriFor("[::1]:5959"), Is.EqualTo(new Uri("http://[::1]:5959/")));
        Assert.That(OciRegistryClient.BaseUriFor("localhost:5000"), Is.EqualTo(new Uri("http://localhost:5000/")));
        Assert.That(OciRegistryClient.BaseUriFor("ghcr.io"), Is.EqualTo(new Uri("https://ghcr.io/")));
        Assert.Throws<ArgumentException>(() => OciRegistryClient.BaseUriFor("ghcr.io/owner/name"));
    }

    [Test]
    public async Task Bad_repository_and_reference_names_are_refused_before_any_request()
    {
        using var client = new OciRegistryClient(new Uri("http://127.0.0.1:1/"));

        var repository = await Assert.ThrowsAsync<ArgumentException>(() => client.GetManifestAsync("Acme/App", "v1"));
        var reference = await Assert.ThrowsAsync<ArgumentException>(() => client.GetManifestAsync(Repository, "../v1"));

        Assert.That(repository!.Message, Does.Contain("'Acme/App' is not a repository name"));
        Assert.That(reference!.Message, Does.Contain("'../v1' is neither a tag"));
    }

    [Test]
    public async Task A_token_realm_on_another_loopback_host_over_plain_HTTP_gets_no_login()
    {
        using var trap = new CredentialTrap("127.0.0.2", "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 18\r\nConnection: close\r\n\r\n{\"token\":\"stolen\"}");
        using var registry = new LoopbackHttpListener((context, _) =>
        {
            context.Response.StatusCode = 401;
            context.Response.AddHeader("WWW-Authenticate", $"Bearer realm=\"http://{trap.Address}/token\",service=\"registry\"");
            context.Response.Close();
        });
        using var client = new OciRegistryClient(registry.BaseUri, Robot);

        var refused = await Assert.ThrowsAsync<RegistryException>(() => client.ResolveDigestAsync(Repository, "v1"));

        Assert.That(refused!.Message, Does.Contain($"http://{trap.Address}/token").And.Contain("not HTTPS"));
        Assert.That(trap.Requests, Is.Empty, "nothing, and so no login, went to the other host");
    }
}
