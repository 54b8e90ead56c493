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
}
