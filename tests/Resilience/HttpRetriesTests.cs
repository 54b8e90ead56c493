using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Build.Registry;
using Build.Resilience;
using Build.Tests.Support;
using Polly;

namespace Build.Tests.Resilience;

/// <summary>
/// Which HTTP failures the build retries, each rule driven through the real retry pipeline (RetryingHandler over a real
/// socket) against a loopback server that answers a sequence of statuses and counts the requests it received.
/// </summary>
public sealed class HttpRetriesTests
{
    private static readonly RetrySettings Fast = new(3, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(5));

    /// <summary>Sends one GET through the build's retry pipeline; returns the final status (or the exception) and the retry log.</summary>
    private static (HttpStatusCode? Status, Exception? Error, List<string> Log) Get(Uri uri, RetrySettings? settings = null)
    {
        var log = new List<string>();
        using var client = new HttpClient(new RetryingHandler(Retries.Http(settings ?? Fast, log.Add), new SocketsHttpHandler()));
        try
        {
            using var response = client.GetAsync(uri).GetAwaiter().GetResult();
            return (response.StatusCode, null, log);
        }
        catch (HttpRequestException exception)
        {
            return (null, exception, log);
        }
    }

    private sealed class StatusSequence : IDisposable
    {
        private readonly LoopbackHttpListener _listener;
        private int _requests;

        public StatusSequence(params (int Status, string? RetryAfter)[] answers)
        {
            _listener = new LoopbackHttpListener((context, _) =>
            {
                var index = Interlocked.Increment(ref _requests) - 1;
                lock (Times)
                {
                    Times.Add(Stopwatch.GetTimestamp());
                }

                var (status, retryAfter) = answers[Math.Min(index, answers.Length - 1)];
                context.Response.StatusCode = status;
                if (retryAfter is not null)
                {
                    context.Response.Headers["Retry-After"] = retryAfter;
                }

                context.Response.Close();
            });
        }

        public StatusSequence(params int[] statuses)
            : this(statuses.Select(status => (status, (string?)null)).ToArray())
        {
        }

        public List<long> Times { get; } = [];

        public int Requests => Volatile.Read(ref _requests);

        public Uri Uri => new(_listener.BaseUri, "v2/");

        public void Dispose() => _listener.Dispose();
    }

    [TestCase(404)]
    [TestCase(401)]
    [TestCase(403)]
    [TestCase(400)]
    [TestCase(405)]
    public void A_client_error_is_not_retried(int status)
    {
        using var server = new StatusSequence(status, 200);
        var (answer, error, log) = Get(server.Uri);
        Assert.Multiple(() =>
        {
            Assert.That(error, Is.Null);
            Assert.That((int?)answer, Is.EqualTo(status), "the first answer is final");
            Assert.That(server.Requests, Is.EqualTo(1), "one request, no retry");
            Assert.That(log, Is.Empty);
        });
    }

    [TestCase(408)]
    [TestCase(429)]
    [TestCase(500)]
    [TestCase(502)]
    [TestCase(503)]
    [TestCase(504)]
    public void A_transient_status_is_retried_until_the_server_answers(int status)
    {
        using var server = new StatusSequence(status, status, 200);
        var (answer, error, log) = Get(server.Uri);
        Assert.Multiple(() =>
        {
            Assert.That(error, Is.Null);
            Assert.That(answer, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(server.Requests, Is.EqualTo(3));
            Assert.That(log, Has.Count.EqualTo(2).And.All.Contain($"{status} "));
        });
    }

    [Test]
    public void A_transient_status_is_retried_at_most_the_configured_number_of_times_and_then_returned()
    {
        using var server = new StatusSequence(503);
        var (answer, _, log) = Get(server.Uri);
        Assert.Multiple(() =>
        {
            Assert.That(answer, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(server.Requests, Is.EqualTo(Fast.Retries + 1));
            Assert.That(log, Has.Count.EqualTo(Fast.Retries));
        });
    }

    [Test]
    public void With_zero_retries_a_503_is_returned_after_one_request()
    {
        using var server = new StatusSequence(503, 200);
        var (answer, _, log) = Get(server.Uri, Fast with { Retries = 0 });
        Assert.Multiple(() =>
        {
            Assert.That(answer, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(server.Requests, Is.EqualTo(1));
            Assert.That(log, Is.Empty);
        });
    }

    [Test]
    public void A_429_waits_for_Retry_After_in_seconds()
    {
        using var server = new StatusSequence((429, "2"), (200, null));
        var (answer, _, log) = Get(server.Uri);
        var waited = Stopwatch.GetElapsedTime(server.Times[0], server.Times[1]);
        Assert.Multiple(() =>
        {
            Assert.That(answer, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(server.Requests, Is.EqualTo(2));
            Assert.That(waited, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(1.9)), "the base delay is 1 ms: only Retry-After explains the wait");
            Assert.That(log.Single(), Does.Contain("in 2.0 s"));
        });
    }

    [Test]
    public void A_Retry_After_longer_than_the_maximum_delay_is_capped()
    {
        using var server = new StatusSequence((503, "3600"), (200, null));
        var (answer, _, log) = Get(server.Uri, Fast with { MaxDelay = TimeSpan.FromSeconds(1) });
        var waited = Stopwatch.GetElapsedTime(server.Times[0], server.Times[1]);
        Assert.Multiple(() =>
        {
            Assert.That(answer, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(waited, Is.LessThan(TimeSpan.FromSeconds(10)));
            Assert.That(log.Single(), Does.Contain("in 1.0 s"));
        });
    }

    [Test]
    public void A_refused_connection_is_retried()
    {
        var port = LocalRegistry.FreeLoopbackPort();
        var (answer, error, log) = Get(new Uri($"http://127.0.0.1:{port}/v2/"));
        Assert.Multiple(() =>
        {
            Assert.That(answer, Is.Null);
            Assert.That(error, Is.InstanceOf<HttpRequestException>());
            Assert.That(log, Has.Count.EqualTo(Fast.Retries), string.Join("\n", log));
            Assert.That(log, Has.All.Contain("refused").IgnoreCase);
        });
    }

    [Test]
    public void A_connection_closed_before_the_answer_is_retried()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var connections = 0;
        var serve = Task.Run(async () =>
        {
            while (true)
            {
                using var socket = await listener.AcceptSocketAsync();
                Interlocked.Increment(ref connections);
                var buffer = new byte[4096];
                await socket.ReceiveAsync(buffer);
                socket.Close();
            }
        });
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var (answer, error, log) = Get(new Uri($"http://127.0.0.1:{port}/v2/"));
        listener.Stop();
        Assert.Multiple(() =>
        {
            Assert.That(answer, Is.Null);
            Assert.That(error, Is.InstanceOf<HttpRequestException>());
            Assert.That(Volatile.Read(ref connections), Is.GreaterThanOrEqualTo(Fast.Retries + 1), "SocketsHttpHandler may itself resend on a fresh connection; the pipeline adds one attempt per retry");
            Assert.That(log, Has.Count.EqualTo(Fast.Retries));
        });
    }

    [Test]
    public void A_name_that_does_not_resolve_is_not_retried()
    {
        var (answer, error, log) = Get(new Uri("http://registry.invalid/v2/"));
        Assert.Multiple(() =>
        {
            Assert.That(answer, Is.Null);
            Assert.That(error, Is.InstanceOf<HttpRequestException>());
            Assert.That(log, Is.Empty, "a name under .invalid never resolves: retrying only delays the error");
        });
    }

    [Test]
    public void A_timeout_is_transient_and_a_cancellation_is_not()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Retries.IsTransient(Outcome.FromException<HttpResponseMessage>(new TaskCanceledException("timed out", new TimeoutException()))), Is.True);
            Assert.That(Retries.IsTransient(Outcome.FromException<HttpResponseMessage>(new TaskCanceledException("cancelled"))), Is.False);
            Assert.That(Retries.IsTransient(Outcome.FromException<HttpResponseMessage>(new InvalidOperationException("bad request URI"))), Is.False);
        });
    }

    [Test]
    public void A_TLS_failure_is_not_transient_and_a_reset_or_timed_out_socket_is()
    {
        static bool Transient(HttpRequestException exception) => Retries.IsTransient(Outcome.FromException<HttpResponseMessage>(exception));
        Assert.Multiple(() =>
        {
            Assert.That(Transient(new HttpRequestException(HttpRequestError.SecureConnectionError, "TLS", new System.Security.Authentication.AuthenticationException())), Is.False);
            Assert.That(Transient(new HttpRequestException(HttpRequestError.ConnectionError, "reset", new SocketException((int)SocketError.ConnectionReset))), Is.True);
            Assert.That(Transient(new HttpRequestException(HttpRequestError.Unknown, "timed out", new SocketException((int)SocketError.TimedOut))), Is.True);
            Assert.That(Transient(new HttpRequestException(HttpRequestError.Unknown, "aborted", new SocketException((int)SocketError.ConnectionAborted))), Is.True);
            Assert.That(Transient(new HttpRequestException(HttpRequestError.NameResolutionError, "no such host", new SocketException((int)SocketError.HostNotFound))), Is.False);
            Assert.That(Transient(new HttpRequestException(HttpRequestError.ConnectionError, "no such host", new SocketException((int)SocketError.HostNotFound))), Is.False);
            Assert.That(Transient(new HttpRequestException(HttpRequestError.ResponseEnded, "ended")), Is.True);
        });
    }

    [Test]
    public void A_Retry_After_date_is_waited_for()
    {
        var date = DateTimeOffset.UtcNow.AddSeconds(3).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        using var server = new StatusSequence((503, date), (200, null));

        var (answer, _, log) = Get(server.Uri);
        var waited = Stopwatch.GetElapsedTime(server.Times[0], server.Times[1]);

        Assert.Multiple(() =>
        {
            Assert.That(answer, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(waited, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(1.5)), "the base delay is 1 ms: only Retry-After explains the wait");
            // The date has whole seconds: what is left of "now + 3 s" when the client reads it is more than 2 s and at most 3 s (less under load).
            Assert.That(log.Single(), Does.Match(@" in [123]\.\d s "));
        });
    }

    [Test]
    public void A_retry_is_logged_with_the_method_the_address_without_its_query_the_attempt_and_the_status()
    {
        using var server = new StatusSequence(503, 502, 200);

        var (_, _, log) = Get(new Uri(server.Uri, "?token=query-secret"));

        Assert.That(log, Has.Count.EqualTo(2));
        Assert.That(log[0], Does.Match($@"^Retrying GET {Regex.Escape(server.Uri.ToString())} in \d+\.\d s \(retry 1 of 3\): 503 Service Unavailable$"));
        Assert.That(log[1], Does.Match($@"^Retrying GET {Regex.Escape(server.Uri.ToString())} in \d+\.\d s \(retry 2 of 3\): 502 Bad Gateway$"));
        Assert.That(log, Has.None.Contain("query-secret"));
    }

    [Test]
    public void A_failed_connection_is_logged_as_an_HTTP_request_with_the_error()
    {
        var port = LocalRegistry.FreeLoopbackPort();

        var (_, _, log) = Get(new Uri($"http://127.0.0.1:{port}/v2/"), Fast with { Retries = 1 });

        Assert.That(log.Single(), Does.Match($@"^Retrying an HTTP request in \d+\.\d s \(retry 1 of 1\): .*refused.*{port}").IgnoreCase);
    }

    [TestCase(SocketError.ConnectionRefused)]
    [TestCase(SocketError.ConnectionReset)]
    [TestCase(SocketError.TimedOut)]
    [TestCase(SocketError.ConnectionAborted)]
    public void A_refused_reset_timed_out_or_aborted_socket_is_transient_whatever_the_request_error_says(SocketError error)
    {
        var exception = new HttpRequestException(HttpRequestError.Unknown, error.ToString(), new SocketException((int)error));

        Assert.That(Retries.IsTransient(Outcome.FromException<HttpResponseMessage>(exception)), Is.True);
    }
}
