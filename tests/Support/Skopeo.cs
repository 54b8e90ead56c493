using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Build.Tests.Support;

/// <summary>Independent checks of what a registry holds, with the skopeo command line (not the build's own code).</summary>
public static class Skopeo
{
    public static IReadOnlyList<string> Tags(string repository)
    {
        var result = Run.Process("skopeo", ["list-tags", "--tls-verify=false", "docker://" + repository]);
        if (result.ExitCode != 0)
        {
            return [];
        }

        using var json = JsonDocument.Parse(result.Output);
        return json.RootElement.GetProperty("Tags").EnumerateArray().Select(t => t.GetString()!).OrderBy(t => t, StringComparer.Ordinal).ToList();
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
