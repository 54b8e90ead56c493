using System.Text;
using System.Text.Json;

namespace Build.Registry;

/// <summary>
/// Credentials saved by <c>docker login</c> (and docker/login-action) in ~/.docker/config.json, so that the build's own
/// registry client logs in where buildah and skopeo already can. Only inline "auth" entries are read: a credential
/// helper (credsStore) keeps them elsewhere, and then REGISTRY_USERNAME/REGISTRY_PASSWORD must be set.
/// </summary>
public static class DockerConfig
{
    public static RegistryCredentials? Find(string registry, string? configPath = null)
    {
        var path = configPath ?? DefaultPath();
        if (path is null || !File.Exists(path))
        {
            return null;
        }

        using var json = JsonDocument.Parse(File.ReadAllText(path));
        if (!json.RootElement.TryGetProperty("auths", out var auths))
        {
            return null;
        }

        foreach (var entry in auths.EnumerateObject())
        {
            if (!SameRegistry(entry.Name, registry) || !entry.Value.TryGetProperty("auth", out var auth) || auth.GetString() is not { Length: > 0 } encoded)
            {
                continue;
            }

            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
            var colon = decoded.IndexOf(':');
            if (colon > 0)
            {
                return new RegistryCredentials(decoded[..colon], decoded[(colon + 1)..]);
            }
        }

        return null;
    }

    private static string? DefaultPath()
    {
        var directory = Environment.GetEnvironmentVariable("DOCKER_CONFIG");
        if (string.IsNullOrEmpty(directory))
        {
            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            directory = string.IsNullOrEmpty(home) ? null : Path.Combine(home, ".docker");
        }

        return directory is null ? null : Path.Combine(directory, "config.json");
    }

    /// <summary>docker stores "ghcr.io" or "https://ghcr.io/v1/"-style keys.</summary>
    private static bool SameRegistry(string key, string registry)
    {
        var host = key.Contains("://", StringComparison.Ordinal) ? new Uri(key).Authority : key.Split('/')[0];
        return string.Equals(host, registry, StringComparison.OrdinalIgnoreCase);
    }
}
