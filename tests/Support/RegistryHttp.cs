using System.Net.Http.Headers;
using System.Text.Json;

namespace Build.Tests.Support;

/// <summary>Plain HTTP reads of a registry, independent of the build's registry client.</summary>
public sealed class RegistryHttp(string address) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = new Uri($"http://{address}/") };

    public JsonDocument? Manifest(string repository, string reference)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"v2/{repository}/manifests/{reference}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.oci.image.manifest.v1+json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.oci.image.index.v1+json"));
        using var response = _http.Send(request);
        return response.IsSuccessStatusCode ? JsonDocument.Parse(response.Content.ReadAsStream()) : null;
    }

    /// <summary>The digest the registry reports for a manifest (Docker-Content-Digest), or null when there is none.</summary>
    public string? ManifestDigest(string repository, string reference)
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, $"v2/{repository}/manifests/{reference}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.oci.image.manifest.v1+json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.oci.image.index.v1+json"));
        using var response = _http.Send(request);
        return response.IsSuccessStatusCode && response.Headers.TryGetValues("Docker-Content-Digest", out var values) ? values.FirstOrDefault() : null;
    }

    public byte[] Blob(string repository, string digest) => _http.GetByteArrayAsync($"v2/{repository}/blobs/{digest}").GetAwaiter().GetResult();

    /// <summary>
    /// The tags of a repository; none when the registry answers 404 NAME_UNKNOWN (nothing was pushed). Any other failure
    /// (refused connection, 5xx, 401, a 404 without NAME_UNKNOWN) throws: "no tags" must not pass when the check could not run.
    /// </summary>
    public IReadOnlyList<string> Tags(string repository)
    {
        using var response = _http.Send(new HttpRequestMessage(HttpMethod.Get, $"v2/{repository}/tags/list"));
        if (!response.IsSuccessStatusCode)
        {
            var body = new StreamReader(response.Content.ReadAsStream()).ReadToEnd();
            if (response.StatusCode == System.Net.HttpStatusCode.NotFound && body.Contains("\"NAME_UNKNOWN\"", StringComparison.Ordinal))
            {
                return [];
            }

            throw new InvalidOperationException($"GET /v2/{repository}/tags/list answered {(int)response.StatusCode} {response.ReasonPhrase}, so whether anything was pushed is unknown: {body}");
        }

        using var json = JsonDocument.Parse(response.Content.ReadAsStream());
        return json.RootElement.GetProperty("tags").ValueKind == JsonValueKind.Array
            ? json.RootElement.GetProperty("tags").EnumerateArray().Select(tag => tag.GetString()!).ToList()
            : [];
    }

    public void Dispose() => _http.Dispose();
}
