using System.Net;
using System.Net.Sockets;
using Build.Tools;
using Polly;
using Polly.Retry;

namespace Build.Resilience;

/// <summary>
/// The retry policies of the build (Polly): exponential backoff with jitter, a bounded number of attempts, every retry
/// logged, Retry-After honoured. Only transient failures are retried: HTTP 408/429/5xx, refused or reset connections,
/// timeouts, and tool runs whose error says the same. Everything else (401, 404, bad input) fails at once.
/// </summary>
public static class Retries
{
    public static ResiliencePipeline<HttpResponseMessage> Http(RetrySettings settings, Action<string> log) =>
        new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = Math.Max(settings.Retries, 1),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = settings.BaseDelay,
                MaxDelay = settings.MaxDelay,
                ShouldHandle = arguments => ValueTask.FromResult(settings.Retries > 0 && IsTransient(arguments.Outcome)),
                DelayGenerator = arguments => ValueTask.FromResult(RetryAfter(arguments.Outcome.Result, settings.MaxDelay)),
                OnRetry = arguments =>
                {
                    var request = arguments.Outcome.Result?.RequestMessage;
                    var what = request is null ? "an HTTP request" : $"{request.Method} {request.RequestUri?.GetLeftPart(UriPartial.Path)}";
                    var why = arguments.Outcome.Result is { } response ? $"{(int)response.StatusCode} {response.ReasonPhrase}" : arguments.Outcome.Exception?.Message;
                    log($"Retrying {what} in {arguments.RetryDelay.TotalSeconds:0.0} s (retry {arguments.AttemptNumber + 1} of {settings.Retries}): {why}");
                    // Stryker disable once Statement : Polly's retry disposes the handled result itself before the next attempt (DisposeHelper.TryDisposeSafeAsync); this only says so
                    arguments.Outcome.Result?.Dispose();
                    return ValueTask.CompletedTask;
                },
            })
            .Build();

    /// <summary>Retries <paramref name="action"/> while it fails transiently; the last failure propagates.</summary>
    public static ResiliencePipeline Operations(RetrySettings settings, Action<string> log, Func<Exception, bool> isTransient) =>
        new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(settings.Retries, 1),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = settings.BaseDelay,
                MaxDelay = settings.MaxDelay,
                ShouldHandle = arguments => ValueTask.FromResult(settings.Retries > 0 && arguments.Outcome.Exception is { } exception && isTransient(exception)),
                OnRetry = arguments =>
                {
                    log($"Retrying in {arguments.RetryDelay.TotalSeconds:0.0} s (retry {arguments.AttemptNumber + 1} of {settings.Retries}): {FirstLine(arguments.Outcome.Exception!.Message)}");
                    return ValueTask.CompletedTask;
                },
            })
            .Build();

    public static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException exception } => IsTransientConnectionFailure(exception),
        { Exception: TaskCanceledException { InnerException: TimeoutException } } => true,
        { Result: { } response } => IsTransient(response.StatusCode),
        _ => false,
    };

    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests or HttpStatusCode.InternalServerError
            or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    /// <summary>Refused, reset or timed-out connections; not a name that does not resolve, nor a TLS failure.</summary>
    public static bool IsTransientConnectionFailure(HttpRequestException exception) =>
        exception.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.ConnectionReset or SocketError.TimedOut or SocketError.ConnectionAborted }
        || exception.InnerException is IOException
        || exception.HttpRequestError is HttpRequestError.ConnectionError && exception.InnerException is not SocketException { SocketErrorCode: SocketError.HostNotFound }
        || exception.HttpRequestError is HttpRequestError.ResponseEnded;

    /// <summary>A tool's failure that another attempt may cure: the registry said 429/5xx, or the connection broke.</summary>
    public static bool IsTransient(ToolFailedException exception)
    {
        var text = exception.Result.ErrorText + "\n" + exception.Result.OutputText;
        return TransientToolErrors.Any(pattern => text.Contains(pattern, StringComparison.OrdinalIgnoreCase));
    }

    // A property, not a static field: Stryker's coverage analysis cannot trace a static initializer to the tests that
    // read it, and would run the whole suite for each mutant of this list.
    private static string[] TransientToolErrors =>
    [
        "429 Too Many Requests", "toomanyrequests", "500 Internal Server Error", "502 Bad Gateway", "503 Service Unavailable",
        "504 Gateway Time", "connection reset by peer", "connection refused", "i/o timeout", "TLS handshake timeout",
        "unexpected EOF", "server misbehaving", "broken pipe",

        // containers/image (skopeo, buildah): "invalid status code from registry 503 (Service Unavailable)".
        "(Too Many Requests)", "(Internal Server Error)", "(Bad Gateway)", "(Service Unavailable)", "(Gateway Timeout)",
    ];

    /// <summary>Retry-After as seconds or as a date; null lets the backoff decide.</summary>
    private static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeSpan max)
    {
        var retryAfter = response?.Headers.RetryAfter;
        var delay = retryAfter?.Delta ?? (retryAfter?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        return delay is { } value ? TimeSpan.FromTicks(Math.Clamp(value.Ticks, 0, max.Ticks)) : null;
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}

/// <summary>An HttpClient handler that sends each request through a retry pipeline (request bodies here are buffered, so resendable).</summary>
public sealed class RetryingHandler(ResiliencePipeline<HttpResponseMessage> pipeline, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        pipeline.ExecuteAsync(async token => await base.SendAsync(request, token), cancellationToken).AsTask();
}
