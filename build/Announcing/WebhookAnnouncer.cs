using System.Net.Http.Headers;
using Build.Resilience;

namespace Build.Announcing;

/// <summary>
/// Posts an announcement to the webhook of ANNOUNCE_WEBHOOK_URL, retrying transient failures as every HTTP client of
/// the build does (<see cref="RetryingHandler"/>). The URL is the webhook's password: it is checked here, never followed
/// to a redirect, and never part of a message this class writes (it says ANNOUNCE_WEBHOOK_URL instead).
/// </summary>
public sealed class WebhookAnnouncer(RetrySettings retries, Action<string> warn)
{
    public const string Variable = Configuration.BuildSecrets.AnnounceWebhookUrlVariable;

    /// <summary>What is wrong with <paramref name="url"/> as this run's webhook (https; plain http only to loopback in a rehearsal), or null.</summary>
    public static string? Problem(string url, bool publishing)
    {
        const string Fix = "set it to the webhook's https:// URL (Slack: https://hooks.slack.com/services/..., Discord: https://discord.com/api/webhooks/...), or unset it to announce nothing";
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || uri.Host.Length == 0)
        {
            return $"{Variable} is not an https:// URL: {Fix}.";
        }

        if (uri.Scheme == "http" && publishing)
        {
            return $"{Variable} is a plain http:// URL, which would send the webhook's secret in clear text: publish mode posts to https:// only; {Fix}.";
        }

        return uri.Scheme == "http" && !uri.IsLoopback
            ? $"{Variable} is a plain http:// URL to a host that is not loopback: a rehearsal posts over plain http only to 127.0.0.1, ::1 or localhost; {Fix}."
            : null;
    }

    /// <summary>Posts <paramref name="body"/> (JSON) to <paramref name="url"/>; null when the webhook took it, else why not (without the URL).</summary>
    public async Task<string?> PostAsync(string url, byte[] body)
    {
        var uri = new Uri(url.Trim(), UriKind.Absolute);
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false };
        using var client = new HttpClient(new RetryingHandler(Retries.Http(retries, message => warn(Scrub(message, url, uri))), handler)) { Timeout = TimeSpan.FromMinutes(3) };
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        try
        {
            using var response = await client.PostAsync(uri, content);
            return response.IsSuccessStatusCode ? null : $"the webhook at {Variable} answered {(int)response.StatusCode} {response.ReasonPhrase}";
        }
        catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException)
        {
            return $"the webhook at {Variable} could not be reached ({Scrub(exception.Message, url, uri)})";
        }
    }

    /// <summary>A message with every form of the webhook's URL replaced by the variable's name.</summary>
    private static string Scrub(string message, string url, Uri uri)
    {
        var forms = new[] { url, url.Trim(), uri.OriginalString, uri.AbsoluteUri, uri.GetLeftPart(UriPartial.Path), uri.PathAndQuery, uri.AbsolutePath };
        foreach (var form in forms.Where(form => form.Length > 1).Distinct().OrderByDescending(form => form.Length))
        {
            message = message.Replace(form, Variable, StringComparison.Ordinal);
        }

        return message;
    }
}
