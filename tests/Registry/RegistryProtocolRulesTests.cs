using System.Net;
using System.Security.Cryptography;
using System.Text;
using Build.Registry;
using Build.Tests.Support;

namespace Build.Tests.Registry;

/// <summary>
/// The rules of the distribution protocol the client follows, one per test, against <see cref="FakeRegistry"/> or a
/// loopback HTTP server that answers as the test needs: error answers, chunked uploads, redirects, size limits,
/// addresses.
/// </summary>
public sealed class RegistryProtocolRulesTests
{
    private const string Repository = "acme/app";
    private static readonly byte[] Manifest = new OciImageManifest { Config = OciDescriptor.EmptyJson }.ToJson();

    private static Dictionary<string, string> Location(string location) => new() { ["Location"] = location };

    /// <summary>A server whose every answer is <paramref name="answer"/>; a client that hung up is ignored.</summary>
    private static LoopbackHttpListener Serve(Action<HttpListenerContext, byte[]> answer) => new((context, body) =>
    {
        try
        {
            answer(context, body);
            context.Response.Close();
        }
        catch (Exception exception) when (exception is HttpListenerException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The client stopped reading, or the answer was aborted on purpose.
        }
    });

    [Test]
    public async Task An_error_answer_names_the_status_the_request_and_the_registry_s_code_and_message_Contract()
    {
        using var fake = new FakeRegistry().On("GET", $"/v2/{Repository}/manifests/v1", FakeAnswer.Error(404, "MANIFEST_UNKNOWN", "manifest unknown"));
        using var client = new OciRegistryClient(fake.BaseUri);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ListTagsAsync(Repository));
        var manifest = await client.GetManifestAsync(Repository, "v1");

        Assert.That(error!.Message, Does.EndWith("404 Not Found to GET the tags of acme/app (NOT_FOUND: the fake has no route for GET /v2/acme/app/tags/list)."));
        Assert.That(manifest, Is.Null, "a 404 for a manifest means it is not there");
    }

    [Test]
    public async Task An_error_answer_without_a_body_ends_with_the_status_and_the_request_Contract()
    {
        using var fake = new FakeRegistry().On("GET", $"/v2/{Repository}/manifests/v1", new FakeAnswer(500));
        using var client = new OciRegistryClient(fake.BaseUri);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync(Repository, "v1"));

        Assert.That(error!.Message, Does.EndWith("answered 500 Internal Server Error to GET manifest acme/app:v1."));
    }

    [Test]
    public async Task An_error_answer_with_only_a_code_shows_the_code_Contract()
    {
        using var fake = new FakeRegistry().On("GET", $"/v2/{Repository}/manifests/v1", FakeAnswer.Json(400, """{"errors":[{"code":"MANIFEST_INVALID"}]}"""));
        using var client = new OciRegistryClient(fake.BaseUri);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync(Repository, "v1"));

        Assert.That(error!.Message, Does.EndWith("400 Bad Request to GET manifest acme/app:v1 (MANIFEST_INVALID)."));
        Assert.That(error.ErrorCode, Is.EqualTo("MANIFEST_INVALID"));
    }

    [Test]
    public async Task An_error_answer_with_only_a_message_shows_the_message_Contract()
    {
        using var fake = new FakeRegistry().On("GET", $"/v2/{Repository}/manifests/v1", FakeAnswer.Json(400, """{"errors":[{"message":"bad manifest"}]}"""));
        using var client = new OciRegistryClient(fake.BaseUri);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync(Repository, "v1"));

        Assert.That(error!.Message, Does.EndWith("400 Bad Request to GET manifest acme/app:v1 (bad manifest)."));
    }

    [Test]
    public async Task An_error_answer_with_an_empty_error_list_is_reported_by_its_status_Contract()
    {
        using var fake = new FakeRegistry().On("GET", $"/v2/{Repository}/manifests/v1", FakeAnswer.Json(500, """{"errors":[]}"""));
        using var client = new OciRegistryClient(fake.BaseUri);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync(Repository, "v1"));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        Assert.That(error.ErrorCode, Is.Null);
        Assert.That(error.Message, Does.EndWith("500 Internal Server Error to GET manifest acme/app:v1."));
    }

    [Test]
    public async Task A_ping_answered_with_an_error_is_an_error_not_a_yes_Contract()
    {
        using var fake = new FakeRegistry().On("GET", "/v2/", FakeAnswer.Error(503, "UNAVAILABLE", "starting"));
        using var client = new OciRegistryClient(fake.BaseUri);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.PingAsync());

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(error.Message, Does.Contain("/v2/"));
    }

    [Test]
    public async Task A_failed_digest_lookup_is_reported_and_not_answered_from_a_download_Contract()
    {
        using var fake = new FakeRegistry()
            .On("HEAD", $"/v2/{Repository}/manifests/v1", new FakeAnswer(500))
            .On("GET", $"/v2/{Repository}/manifests/v1", new FakeAnswer(200, Manifest, OciMediaTypes.ImageManifest));
        using var client = new OciRegistryClient(fake.BaseUri);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ResolveDigestAsync(Repository, "v1"));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        Assert.That(error.Message, Does.Contain("HEAD manifest acme/app:v1"));
    }

    [Test]
    public async Task A_blob_the_registry_redirects_to_storage_exists_Contract()
    {
        var digest = OciDigest.Sha256("stored elsewhere"u8);
        using var fake = new FakeRegistry().On("HEAD", $"/v2/{Repository}/blobs/{digest}", new FakeAnswer(307, Headers: Location("https://storage.example.invalid/blob")));
        using var client = new OciRegistryClient(fake.BaseUri);

        Assert.That(await client.BlobExistsAsync(Repository, digest), Is.True);
    }

    [Test]
    public async Task An_error_answer_to_a_blob_check_is_not_taken_for_an_existing_blob_Contract()
    {
        var blob = "layer"u8.ToArray();
        var digest = OciDigest.Sha256(blob);
        using var fake = new FakeRegistry().On("HEAD", $"/v2/{Repository}/blobs/{digest}", new FakeAnswer(500));
        using var client = new OciRegistryClient(fake.BaseUri);

        var check = await Assert.ThrowsAsync<RegistryException>(() => client.BlobExistsAsync(Repository, digest));
        var upload = await Assert.ThrowsAsync<RegistryException>(() => client.UploadBlobAsync(Repository, blob));

        Assert.That(check!.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        Assert.That(upload!.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError), "the upload is not skipped as if the blob were there");
    }

    [Test]
    public async Task A_chunk_size_of_zero_is_refused_before_any_request()
    {
        using var client = new OciRegistryClient(new Uri($"http://127.0.0.1:{LocalRegistry.FreeLoopbackPort()}/"));

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.UploadBlobAsync(Repository, new byte[10], chunkSize: 0));

        Assert.That(error!.ParamName, Is.EqualTo("chunkSize"));
        Assert.That(error.Message, Does.Contain("positive number of bytes"));
    }

    [Test]
    public async Task A_page_size_of_zero_is_refused_before_any_request()
    {
        using var client = new OciRegistryClient(new Uri($"http://127.0.0.1:{LocalRegistry.FreeLoopbackPort()}/"));

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.ListTagsAsync(Repository, pageSize: 0));

        Assert.That(error!.ParamName, Is.EqualTo("pageSize"));
        Assert.That(error.Message, Does.Contain("positive number of tags"));
    }

    [Test]
    public async Task A_refused_upload_start_reports_the_registry_s_answer_Contract()
    {
        using var fake = new FakeRegistry().On("POST", $"/v2/{Repository}/blobs/uploads/", FakeAnswer.Error(403, "DENIED", "requested access to the resource is denied"));
        using var client = new OciRegistryClient(fake.BaseUri);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.UploadBlobAsync(Repository, "blob"u8.ToArray()));

        Assert.That((error!.StatusCode, error.ErrorCode), Is.EqualTo((HttpStatusCode.Forbidden, "DENIED")));
    }

    /// <summary>A registry that keeps what each PATCH sent and answers the upload as distribution does.</summary>
    private static LoopbackHttpListener ChunkedUploadRegistry(List<(string? Range, byte[] Body)> patches, Func<string?, int>? patchStatus = null) => Serve((context, body) =>
    {
        var request = context.Request;
        var response = context.Response;
        var upload = $"/v2/{Repository}/blobs/uploads/u1";
        switch (request.HttpMethod)
        {
            case "HEAD":
                response.StatusCode = 404;
                break;
            case "POST":
                response.StatusCode = 202;
                response.AddHeader("Location", upload);
                break;
            case "PATCH":
                var range = request.Headers["Content-Range"];
                lock (patches)
                {
                    patches.Add((range, body));
                }

                response.StatusCode = patchStatus?.Invoke(range) ?? 202;
                response.AddHeader("Location", upload);
                break;
            case "PUT":
                var sent = patches.SelectMany(patch => patch.Body).Concat(body).ToArray();
                response.StatusCode = 201;
                response.AddHeader("Docker-Content-Digest", OciDigest.Sha256(sent));
                break;
        }
    });

    [TestCase(2500, "0-999 1000-1999 2000-2499")]
    [TestCase(2000, "0-999 1000-1999")]
    public async Task A_blob_larger_than_the_chunk_size_is_uploaded_in_ranges_the_registry_accepts_Contract(int length, string ranges)
    {
        var content = RandomNumberGenerator.GetBytes(length);
        var patches = new List<(string? Range, byte[] Body)>();
        using var server = ChunkedUploadRegistry(patches);
        using var client = new OciRegistryClient(server.BaseUri);

        var digest = await client.UploadBlobAsync(Repository, content, chunkSize: 1000);

        Assert.That(digest, Is.EqualTo(OciDigest.Sha256(content)));
        Assert.That(patches.Select(patch => patch.Range), Is.EqualTo(ranges.Split(' ')));
        foreach (var (range, body) in patches)
        {
            var bounds = range!.Split('-').Select(int.Parse).ToArray();
            Assert.That(body, Is.EqualTo(content[bounds[0]..(bounds[1] + 1)]), $"the bytes of {range}");
        }
    }

    [Test]
    public async Task A_refused_chunk_names_its_byte_range_Contract()
    {
        var patches = new List<(string? Range, byte[] Body)>();
        using var server = ChunkedUploadRegistry(patches, range => range == "1000-1999" ? 416 : 202);
        using var client = new OciRegistryClient(server.BaseUri);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.UploadBlobAsync(Repository, RandomNumberGenerator.GetBytes(2500), chunkSize: 1000));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.RequestedRangeNotSatisfiable));
        Assert.That(error.Message, Does.Contain("(bytes 1000-1999)"));
    }

    [Test]
    public async Task A_refused_upload_commit_is_an_error_not_a_digest_Contract()
    {
        var blob = "blob"u8.ToArray();
        var digest = OciDigest.Sha256(blob);
        using var fake = new FakeRegistry()
            .On("POST", $"/v2/{Repository}/blobs/uploads/", new FakeAnswer(202, Headers: Location($"/v2/{Repository}/blobs/uploads/u1")))
            .On("PUT", $"/v2/{Repository}/blobs/uploads/u1?digest={Uri.EscapeDataString(digest)}", FakeAnswer.Error(400, "DIGEST_INVALID", "provided digest did not match uploaded content"));
        using var client = new OciRegistryClient(fake.BaseUri);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.UploadBlobAsync(Repository, blob));

        Assert.That((error!.StatusCode, error.ErrorCode), Is.EqualTo((HttpStatusCode.BadRequest, "DIGEST_INVALID")));
    }

    [Test]
    public async Task A_relative_upload_Location_is_resolved_against_the_request_URL_Contract()
    {
        var blob = "blob"u8.ToArray();
        var digest = OciDigest.Sha256(blob);
        using var fake = new FakeRegistry()
            .On("POST", $"/v2/{Repository}/blobs/uploads/", new FakeAnswer(202, Headers: Location("u1?_state=abc")))
            .On("PUT", $"/v2/{Repository}/blobs/uploads/u1?_state=abc&digest={Uri.EscapeDataString(digest)}", new FakeAnswer(201, Headers: new Dictionary<string, string> { ["Docker-Content-Digest"] = digest }));
        using var client = new OciRegistryClient(fake.BaseUri);

        Assert.That(await client.UploadBlobAsync(Repository, blob), Is.EqualTo(digest));
    }

    [Test]
    public async Task An_upload_start_without_a_Location_is_an_error_naming_the_blob_Contract()
    {
        var blob = "blob"u8.ToArray();
        using var fake = new FakeRegistry().On("POST", $"/v2/{Repository}/blobs/uploads/", new FakeAnswer(202));
        using var client = new OciRegistryClient(fake.BaseUri);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.UploadBlobAsync(Repository, blob));

        Assert.That(error!.Message, Does.Contain($"acme/app@{OciDigest.Sha256(blob)}").And.Contain("no Location"));
    }

    [Test]
    public async Task A_tag_list_without_tags_is_empty_Contract()
    {
        using var fake = new FakeRegistry().On("GET", $"/v2/{Repository}/tags/list", FakeAnswer.Json(200, """{"name":"acme/app","tags":null}"""));
        using var client = new OciRegistryClient(fake.BaseUri);

        Assert.That(await client.ListTagsAsync(Repository), Is.Empty);
    }

    [TestCase(300)]
    [TestCase(308)]
    public async Task A_3xx_answer_with_a_Location_is_followed_Contract(int status)
    {
        var blob = "layer bytes"u8.ToArray();
        var digest = OciDigest.Sha256(blob);
        using var storage = new FakeRegistry().On("GET", "/v2/storage/blob", new FakeAnswer(200, blob, "application/octet-stream"));
        using var fake = new FakeRegistry().On("GET", $"/v2/{Repository}/blobs/{digest}", new FakeAnswer(status, Headers: Location($"{storage.BaseUri}v2/storage/blob")));
        using var client = new OciRegistryClient(fake.BaseUri);

        Assert.That(await client.GetBlobAsync(Repository, digest), Is.EqualTo(blob));
    }

    [Test]
    public async Task A_400_answer_with_a_Location_is_an_error_not_a_redirect_Contract()
    {
        var blob = "layer bytes"u8.ToArray();
        var digest = OciDigest.Sha256(blob);
        using var storage = new FakeRegistry().On("GET", "/v2/storage/blob", new FakeAnswer(200, blob, "application/octet-stream"));
        using var fake = new FakeRegistry().On("GET", $"/v2/{Repository}/blobs/{digest}", new FakeAnswer(400, Headers: Location($"{storage.BaseUri}v2/storage/blob")));
        using var client = new OciRegistryClient(fake.BaseUri);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.GetBlobAsync(Repository, digest));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(storage.Requests, Is.Empty);
    }

    [Test]
    public async Task A_blob_digest_that_is_not_a_digest_is_refused_before_any_request()
    {
        using var client = new OciRegistryClient(new Uri($"http://127.0.0.1:{LocalRegistry.FreeLoopbackPort()}/"));

        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.BlobExistsAsync(Repository, "../../etc/passwd"));

        Assert.That(error!.Message, Does.Contain("'../../etc/passwd' is not a digest").And.Contain("sha256:<64 hex>"));
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task A_blob_of_exactly_its_descriptor_s_size_is_read_whole(bool announce)
    {
        var blob = RandomNumberGenerator.GetBytes(1000);
        using var server = Serve((context, _) =>
        {
            context.Response.StatusCode = 200;
            if (announce)
            {
                context.Response.ContentLength64 = blob.Length;
            }
            else
            {
                context.Response.SendChunked = true;
            }

            context.Response.OutputStream.Write(blob);
        });
        using var client = new OciRegistryClient(server.BaseUri);

        Assert.That(await client.GetBlobAsync(Repository, OciDescriptor.Of("application/octet-stream", blob)), Is.EqualTo(blob));
    }

    [TestCase(2, "2 bytes")]
    [TestCase(2048, "2 KiB")]
    [TestCase(1024 * 1024, "1 MiB")]
    public async Task A_blob_one_byte_longer_than_its_descriptor_says_is_refused_naming_the_limit(int size, string limit)
    {
        var blob = RandomNumberGenerator.GetBytes(size + 1);
        using var server = Serve((context, _) =>
        {
            context.Response.StatusCode = 200;
            context.Response.SendChunked = true;
            context.Response.OutputStream.Write(blob);
        });
        using var client = new OciRegistryClient(server.BaseUri);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.GetBlobAsync(Repository, OciDigest.Sha256(blob), size));

        Assert.That(error!.Message, Does.Contain($"sent more than the {limit} accepted"));
    }

    [Test]
    public async Task An_oversized_answer_is_not_transient()
    {
        using var server = Serve((context, _) =>
        {
            context.Response.StatusCode = 200;
            context.Response.SendChunked = true;
            context.Response.OutputStream.Write(new byte[OciRegistryClient.MaxManifestBytes + 1]);
        });
        using var client = new OciRegistryClient(server.BaseUri);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync(Repository, "v1"));

        Assert.That(error!.IsTransient, Is.False, "the same answer would come again");
        Assert.That(error.Message, Does.StartWith($"{server.BaseUri}v2/{Repository}/manifests/v1 sent more than the 4 MiB accepted"));
    }

    [Test]
    public async Task A_connection_that_breaks_mid_body_is_a_transient_failure_naming_the_URL()
    {
        using var server = Serve((context, _) =>
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = OciMediaTypes.ImageManifest;
            context.Response.ContentLength64 = 1000;
            context.Response.OutputStream.Write("{\"schemaVersion\":"u8);
            context.Response.OutputStream.Flush();
            context.Response.Abort();
        });
        using var client = new OciRegistryClient(server.BaseUri);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync(Repository, "v1"));

        Assert.That(error!.IsTransient, Is.True);
        Assert.That(error.Message, Does.Contain($"{server.BaseUri}v2/{Repository}/manifests/v1").And.Contain("broke while reading"));
    }

    [Test]
    public async Task A_blob_store_that_cannot_be_reached_is_named_in_the_error_Contract()
    {
        var digest = OciDigest.Sha256("layer"u8);
        var closed = LocalRegistry.FreeLoopbackPort();
        using var fake = new FakeRegistry().On("GET", $"/v2/{Repository}/blobs/{digest}", new FakeAnswer(307, Headers: Location($"http://127.0.0.1:{closed}/blob")));
        using var client = new OciRegistryClient(fake.BaseUri);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.GetBlobAsync(Repository, digest));

        Assert.That(error!.IsTransient, Is.True);
        Assert.That(error.Message, Does.StartWith($"Could not reach 127.0.0.1:{closed} "));
    }

    [Test]
    public async Task A_token_service_that_does_not_answer_in_time_is_named_and_transient()
    {
        using var tokens = Serve((_, _) => Thread.Sleep(TimeSpan.FromSeconds(3)));
        using var registry = Serve((context, _) =>
        {
            context.Response.StatusCode = 401;
            context.Response.AddHeader("WWW-Authenticate", $"Bearer realm=\"{tokens.BaseUri}token\",service=\"svc\"");
        });
        using var client = new OciRegistryClient(registry.BaseUri, timeout: TimeSpan.FromSeconds(1));

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ResolveDigestAsync(Repository, "v1"));

        Assert.That(error!.IsTransient, Is.True);
        Assert.That(error.Message, Does.StartWith($"127.0.0.1:{tokens.Port} did not answer GET a token for").And.Contain("within 1 seconds"));
    }

    [Test]
    public void An_address_that_is_not_http_or_https_is_refused_naming_it()
    {
        var error = Assert.Throws<ArgumentException>(() => new OciRegistryClient(new Uri("ftp://registry.example.invalid/")));

        Assert.That(error!.Message, Does.Contain("'ftp://registry.example.invalid/' is not an http(s) URL").And.Contain("https://ghcr.io/"));
    }

    [TestCase("ghcr.io/")]
    [TestCase("ghcr.io/owner/name")]
    public void A_registry_host_with_a_path_is_refused_naming_it(string registry)
    {
        var error = Assert.Throws<ArgumentException>(() => OciRegistryClient.BaseUriFor(registry));

        Assert.That(error!.Message, Does.Contain($"'{registry}' is not a registry host").And.Contain("HOST[:PORT]"));
    }

    [Test]
    public void A_registry_address_names_the_registry_root_whatever_path_it_had()
    {
        using var client = new OciRegistryClient(new Uri("https://ghcr.io/v2/acme?x=1"));

        Assert.That(client.BaseUri.ToString(), Is.EqualTo("https://ghcr.io/"));
        Assert.That(OciRegistryClient.BaseUriFor("127.0.0.1:5959").ToString(), Is.EqualTo("http://127.0.0.1:5959/"));
    }

    private sealed class CountingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        public int Requests;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Requests);
            return base.SendAsync(request, cancellationToken);
        }
    }

    [Test]
    public async Task The_handler_a_caller_wraps_around_the_client_sees_every_request_Contract()
    {
        using var fake = new FakeRegistry().On("GET", "/v2/", FakeAnswer.Json(200, "{}"));
        CountingHandler? counting = null;
        using var client = new OciRegistryClient(fake.BaseUri, handler: inner => counting = new CountingHandler(inner));

        Assert.That(await client.PingAsync(), Is.True);
        Assert.That(counting!.Requests, Is.EqualTo(1));
    }

    [Test]
    public async Task Requests_name_the_client_in_their_User_Agent()
    {
        string? userAgent = null;
        using var server = Serve((context, _) =>
        {
            userAgent = context.Request.UserAgent;
            context.Response.StatusCode = 200;
        });
        using var client = new OciRegistryClient(server.BaseUri);

        Assert.That(await client.PingAsync(), Is.True);
        Assert.That(userAgent, Is.EqualTo("rds-csi-build/1.0"));
    }

    [Test]
    public async Task The_Content_Type_the_registry_sends_names_the_manifest_s_media_type_Contract()
    {
        var index = """{"schemaVersion":2,"manifests":[]}"""u8.ToArray();
        using var fake = new FakeRegistry().On("GET", $"/v2/{Repository}/manifests/v1", new FakeAnswer(200, index, OciMediaTypes.ImageIndex));
        using var client = new OciRegistryClient(fake.BaseUri);

        var read = await client.GetManifestAsync(Repository, "v1");

        Assert.That(read!.MediaType, Is.EqualTo(OciMediaTypes.ImageIndex));
        Assert.That(read.IsIndex, Is.True);
    }

    [Test]
    public async Task Without_a_Content_Type_the_media_type_is_read_from_the_document_Contract()
    {
        var index = Encoding.UTF8.GetBytes($$"""{"schemaVersion":2,"mediaType":"{{OciMediaTypes.ImageIndex}}","manifests":[]}""");
        using var fake = new FakeRegistry()
            .On("GET", $"/v2/{Repository}/manifests/index", new FakeAnswer(200, index))
            .On("GET", $"/v2/{Repository}/manifests/plain", new FakeAnswer(200, """{"schemaVersion":2}"""u8.ToArray()))
            .On("GET", $"/v2/{Repository}/manifests/garbage", new FakeAnswer(200, "not json"u8.ToArray()));
        using var client = new OciRegistryClient(fake.BaseUri);

        Assert.That((await client.GetManifestAsync(Repository, "index"))!.MediaType, Is.EqualTo(OciMediaTypes.ImageIndex));
        Assert.That((await client.GetManifestAsync(Repository, "plain"))!.MediaType, Is.EqualTo(OciMediaTypes.ImageManifest), "an image manifest when the document does not say");
        Assert.That((await client.GetManifestAsync(Repository, "garbage"))!.MediaType, Is.EqualTo(OciMediaTypes.ImageManifest));
    }
    [Test]
    public async Task A_tag_list_that_is_not_JSON_is_an_error_naming_the_registry_Contract()
    {
        using var fake = new FakeRegistry().On("GET", $"/v2/{Repository}/tags/list", new FakeAnswer(200, "<html>login</html>"u8.ToArray(), "text/html"));
        using var client = new OciRegistryClient(fake.BaseUri);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ListTagsAsync(Repository));

        Assert.That(error!.Message, Does.StartWith($"127.0.0.1:{fake.Port} answered GET the tags of acme/app with JSON this client cannot read"));
    }
}
