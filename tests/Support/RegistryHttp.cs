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

    public IReadOnlyList<string> Tags(string repository)
    {
        using var response = _http.Send(new HttpRequestMessage(HttpMethod.Get, $"v2/{repository}/tags/list"));
        if (!response.IsSuccessStatusCode)
        {
            return [];
        }

        using var json = JsonDocument.Parse(response.Content.ReadAsStream());
        return json.RootElement.GetProperty("tags").ValueKind == JsonValueKind.Array
            ? json.RootElement.GetProperty("tags").EnumerateArray().Select(tag => tag.GetString()!).ToList()
            : [];
    }

    public void Dispose() => _http.Dispose();
}
