using System.Net;
using Build.Registry;
using Build.Tests.Support;

namespace Build.Tests.Registry;

/// <summary>
/// A hostile registry on loopback (a real HTTP server that misbehaves on purpose): oversized and endless bodies,
/// redirect loops, redirects out of HTTP(S) or to plain HTTP elsewhere, and a stalled body each fail with an error that
/// names the URL and the reason, without reading more than the cap.
/// </summary>
public sealed class HostileRegistryTests
{
    private const string Repository = "acme/app";
    private static readonly string Digest = OciDigest.Sha256("{}"u8);

    /// <summary>A server whose every answer is <paramref name="answer"/>; a client that hung up is ignored.</summary>
    private static LoopbackHttpListener Serve(Action<HttpListenerContext> answer) => new((context, _) =>
    {
        try
        {
            answer(context);
            context.Response.Close();
        }
        catch (Exception exception) when (exception is HttpListenerException or IOException or ObjectDisposedException)
        {
            // The client stopped reading: that is the point of most of these tests.
        }
    });

    private static void Write(HttpListenerContext context, long bytes, bool announce, int status = 200, string contentType = OciMediaTypes.ImageManifest)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        if (announce)
        {
            context.Response.ContentLength64 = bytes;
        }
        else
        {
            context.Response.SendChunked = true;
        }

        var chunk = new byte[64 * 1024];
        Array.Fill(chunk, (byte)' ');
        for (long sent = 0; sent < bytes; sent += chunk.Length)
        {
            context.Response.OutputStream.Write(chunk, 0, (int)Math.Min(chunk.Length, bytes - sent));
        }
    }

    [TestCase(true, "announced 5242880 bytes")]
    [TestCase(false, "sent more than the 4 MiB accepted")]
    public async Task A_manifest_over_4_MiB_is_refused_naming_the_URL(bool announce, string reason)
    {
        using var server = Serve(context => Write(context, 5L * 1024 * 1024, announce));
        using var client = new OciRegistryClient(server.BaseUri);

        var refused = await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync(Repository, "v1"));

        Assert.That(refused!.Message, Does.Contain($"{server.BaseUri}v2/{Repository}/manifests/v1").And.Contain(reason));
    }

    [Test]
    public async Task An_endless_blob_stops_at_its_descriptor_s_size()
    {
        using var server = Serve(context => Write(context, 256L * 1024 * 1024, announce: false, contentType: "application/octet-stream"));
        using var client = new OciRegistryClient(server.BaseUri);

        var refused = await Assert.ThrowsAsync<RegistryException>(() => client.GetBlobAsync(Repository, new OciDescriptor(OciMediaTypes.EmptyJson, Digest, 2)));

        Assert.That(refused!.Message, Does.Contain($"/v2/{Repository}/blobs/{Digest}").And.Contain("more than the 2 bytes accepted"));
    }

    [Test]
    public async Task A_tag_list_over_4_MiB_is_refused()
    {
        using var server = Serve(context => Write(context, 5L * 1024 * 1024, announce: false, contentType: "application/json"));
        using var client = new OciRegistryClient(server.BaseUri);

        var refused = await Assert.ThrowsAsync<RegistryException>(() => client.ListTagsAsync(Repository));

        Assert.That(refused!.Message, Does.Contain($"/v2/{Repository}/tags/list").And.Contain("4 MiB"));
    }

    [TestCase("self", "a redirect loop")]
    [TestCase("file:///etc/passwd", "which is not an HTTP(S) URL")]
    [TestCase("http://blobs.example.invalid/blob", "plain HTTP on blobs.example.invalid, which is not loopback")]
    public async Task A_blob_redirect_that_loops_or_leaves_HTTPS_is_not_followed(string target, string reason)
    {
        var requests = 0;
        using var server = Serve(context =>
        {
            Interlocked.Increment(ref requests);
            context.Response.StatusCode = 307;
            context.Response.RedirectLocation = target == "self" ? context.Request.Url!.PathAndQuery : target;
        });
        using var client = new OciRegistryClient(server.BaseUri);

        var refused = await Assert.ThrowsAsync<RegistryException>(() => client.GetBlobAsync(Repository, Digest));

        Assert.That(refused!.Message, Does.Contain($"/v2/{Repository}/blobs/{Digest}").And.Contain(reason));
        Assert.That(requests, Is.LessThanOrEqualTo(6), "at most five redirects are followed");
    }

    [Test]
    public async Task A_registry_that_sends_no_answer_fails_at_the_timeout_naming_the_URL()
    {
        using var server = Serve(context =>
        {
            Thread.Sleep(TimeSpan.FromSeconds(3));
            context.Response.StatusCode = 200;
        });
        using var client = new OciRegistryClient(server.BaseUri, timeout: TimeSpan.FromSeconds(1));

        var refused = await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync(Repository, "v1"));

        Assert.That(refused!.Message, Does.Contain($"/v2/{Repository}/manifests/v1").And.Contain("did not answer").And.Contain("within 1 seconds"));
        Assert.That(refused.IsTransient, Is.True);
    }

    [Test]
    public async Task A_body_that_stalls_fails_at_the_timeout_naming_the_URL()
    {
        using var server = Serve(context =>
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = OciMediaTypes.ImageManifest;
            context.Response.ContentLength64 = 1000;
            context.Response.OutputStream.Write("{\"schemaVersion\":"u8);
            context.Response.OutputStream.Flush();
            Thread.Sleep(TimeSpan.FromSeconds(3));
        });
        using var client = new OciRegistryClient(server.BaseUri, timeout: TimeSpan.FromSeconds(1));

        var refused = await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync(Repository, "v1"));

        Assert.That(refused!.Message, Does.Contain($"/v2/{Repository}/manifests/v1").And.Contain("within 1 seconds"));
        Assert.That(refused.IsTransient, Is.True);
    }
}
