using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Build.Tests.Support;

/// <summary>Independent checks of what a registry holds, with the skopeo command line (not the build's own code).</summary>
public static class Skopeo
{
    /// <summary>
    /// The tags of a repository; none when the registry says the repository is unknown (NAME_UNKNOWN: nothing was pushed).
    /// Any other failure (registry down, refused, 5xx, unauthorized) throws: "no tags" must not pass when the check could not run.
    /// </summary>
    public static IReadOnlyList<string> Tags(string repository)
    {
        var result = Run.Process("skopeo", ["list-tags", "--tls-verify=false", "docker://" + repository]);
        if (result.ExitCode != 0)
        {
            // skopeo shows a 404 without the registry's error code: ask the registry whether it means NAME_UNKNOWN.
            if (IsRepositoryUnknown(result.All)
                || (result.Error.Contains("404 (Not Found)", StringComparison.Ordinal) && repository.IndexOf('/') is > 0 and var slash
                    && RepositoryUnknown(repository[..slash], repository[(slash + 1)..])))
            {
                return [];
            }

            throw new InvalidOperationException($"skopeo list-tags docker://{repository} failed, so whether anything was pushed is unknown: {result}");
        }

        using var json = JsonDocument.Parse(result.Output);
        return json.RootElement.GetProperty("Tags").EnumerateArray().Select(t => t.GetString()!).OrderBy(t => t, StringComparer.Ordinal).ToList();
    }

    /// <summary>The registry's NAME_UNKNOWN error, as skopeo prints it ("repository name not known to registry").</summary>
    public static bool IsRepositoryUnknown(string error) =>
        error.Contains("repository name not known to registry", StringComparison.Ordinal) || error.Contains("NAME_UNKNOWN", StringComparison.Ordinal);

    private static bool RepositoryUnknown(string address, string path)
    {
        using var http = new RegistryHttp(address);
        return http.Tags(path).Count == 0;
    }

    public static string Raw(string reference)
    {
        var result = Run.Process("skopeo", ["inspect", "--tls-verify=false", "--raw", "docker://" + reference]);
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        return result.Output;
    }

    /// <summary>The digest of what the reference points at: sha256 of the manifest bytes as stored.</summary>
    public static string Digest(string reference) =>
        "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Raw(reference))));

    public static JsonDocument Inspect(string reference, string architecture)
    {
        var result = Run.Process("skopeo", ["inspect", "--tls-verify=false", "--override-os", "linux", "--override-arch", architecture, "docker://" + reference]);
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        return JsonDocument.Parse(result.Output);
    }
}
