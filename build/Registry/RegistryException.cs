using System.Net;

namespace Build.Registry;

/// <summary>
/// A registry call that failed: the HTTP status and the registry's own error code and message when it answered,
/// none when it could not be reached. <see cref="IsTransient"/> tells a retry policy whether trying again may help;
/// <c>transient</c> marks a failure without an answer that may pass (refused or reset connection, timeout).
/// </summary>
public sealed class RegistryException(
    string message,
    HttpStatusCode? statusCode = null,
    string? errorCode = null,
    string? registryMessage = null,
    bool transient = false,
    Exception? innerException = null) : Exception(message, innerException)
{
    /// <summary>Null when no answer came (connection refused or reset, timeout, name not found).</summary>
    public HttpStatusCode? StatusCode { get; } = statusCode;

    /// <summary>The first code of the registry's error JSON, e.g. MANIFEST_UNKNOWN, UNAUTHORIZED, DENIED.</summary>
    public string? ErrorCode { get; } = errorCode;

    public string? RegistryMessage { get; } = registryMessage;

    /// <summary>True for 408, 429 and 5xx answers and for connections that were refused, reset or timed out.</summary>
    public bool IsTransient { get; } = transient || statusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int?)statusCode >= 500;
}
