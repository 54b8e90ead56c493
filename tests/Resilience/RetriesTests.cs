using Build.Resilience;
using Build.Tools;

namespace Build.Tests.Resilience;

public sealed class RetriesTests
{
    private static ToolFailedException Failure(string stderr) => new(new ToolResult("skopeo", 1, [], [stderr]));

    [TestCase("time=\"2026-11-25T23:40:01Z\" level=fatal msg=\"reading blob sha256:1f: fetching blob: invalid status code from registry 503 (Service Unavailable)\"")]
    [TestCase("Error: writing manifest: invalid status code from registry 429 (Too Many Requests)")]
    [TestCase("Error: initializing source: received unexpected HTTP status: 502 Bad Gateway")]
    [TestCase("pinging container registry 127.0.0.1:5000: Get \"http://127.0.0.1:5000/v2/\": dial tcp 127.0.0.1:5000: connect: connection refused")]
    public void Registry_failures_that_another_attempt_may_cure_are_transient(string stderr) =>
        Assert.That(Retries.IsTransient(Failure(stderr)), Is.True);

    [TestCase("Error: initializing source: reading manifest 1.2.3: manifest unknown")]
    [TestCase("Error: writing blob: invalid status code from registry 401 (Unauthorized)")]
    [TestCase("Error: no such host: registry.invalid")]
    public void Failures_that_would_fail_again_are_not(string stderr) =>
        Assert.That(Retries.IsTransient(Failure(stderr)), Is.False);

    [Test]
    public void A_transient_error_printed_on_standard_output_counts_too()
    {
        var failure = new ToolFailedException(new ToolResult("buildah", 1, ["Error: committing container: 502 Bad Gateway"], ["exit status 125"]));

        Assert.That(Retries.IsTransient(failure), Is.True);
    }

    [Test]
    public void Standard_error_and_output_are_read_apart_so_a_phrase_split_between_them_is_not_a_match()
    {
        var failure = new ToolFailedException(new ToolResult("skopeo", 1, [" pipe to the registry"], ["Error: write: broken"]));

        Assert.That(Retries.IsTransient(failure), Is.False);
    }

    [TestCase("Error: 504 Gateway Timeout")]
    [TestCase("read tcp 127.0.0.1:5000: i/o timeout")]
    [TestCase("net/http: TLS handshake timeout")]
    [TestCase("Error: reading blob: unexpected EOF")]
    [TestCase("dial tcp: lookup registry on 127.0.0.53:53: server misbehaving")]
    [TestCase("write tcp: broken pipe")]
    [TestCase("read: connection reset by peer")]
    [TestCase("Error: TOOMANYREQUESTS: rate limit")]
    [TestCase("invalid status code from registry 500 (Internal Server Error)")]
    [TestCase("invalid status code from registry 504 (Gateway Timeout)")]
    [TestCase("invalid status code from registry 502 (Bad Gateway)")]
    [TestCase("received unexpected HTTP status: 500 Internal Server Error")]
    [TestCase("received unexpected HTTP status: 503 Service Unavailable")]
    [TestCase("received unexpected HTTP status: 429 Too Many Requests")]
    public void Each_known_transient_tool_error_is_transient_whatever_its_case(string stderr)
    {
        Assert.That(Retries.IsTransient(Failure(stderr)), Is.True);
        Assert.That(Retries.IsTransient(Failure(stderr.ToUpperInvariant())), Is.True);
    }
}
