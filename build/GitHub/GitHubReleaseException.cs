using System.Net;

namespace Build.GitHub;

/// <summary>
/// A release that could not be published or read: a GitHub answer (<see cref="StatusCode"/>), no answer at all
/// (<see cref="StatusCode"/> null, transient), or a refusal to change what GitHub has (<see cref="IsRefusal"/>).
/// The message names the tag, the asset and what to do; it never holds the token.
/// </summary>
public sealed class GitHubReleaseException(
    string message,
    HttpStatusCode? statusCode = null,
    bool transient = false,
    bool refusal = false,
    Exception? innerException = null) : Exception(message, innerException)
{
    /// <summary>Null when GitHub did not answer (refused or reset connection, timeout) or for a refusal.</summary>
    public HttpStatusCode? StatusCode { get; } = statusCode;

    /// <summary>True for 408, 429 and 5xx answers, rate limits, and requests without an answer: trying again may help.</summary>
    public bool IsTransient { get; } = transient || statusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int?)statusCode >= 500;

    /// <summary>True when GitHub has a different asset or different notes and the request did not ask to replace them.</summary>
    public bool IsRefusal { get; } = refusal;
}
