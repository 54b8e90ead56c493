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
    /// <summary>
    /// The saved login for <paramref name="registry"/>, or null. A config file that is not valid JSON, or whose entry
    /// for this registry cannot be decoded, is reported through <paramref name="warn"/> naming the file and ignored.
    /// </summary>
    public static RegistryCredentials? Find(string registry, string? configPath = null, Action<string>? warn = null)
    {
        var path = configPath ?? DefaultPath();
        if (Read(path, warn) is not { } json)
        {
            return null;
        }

        using (json)
        {
            if (json.RootElement.ValueKind != JsonValueKind.Object || !json.RootElement.TryGetProperty("auths", out var auths) || auths.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            foreach (var entry in auths.EnumerateObject())
            {
                if (!SameRegistry(entry.Name, registry) || entry.Value.ValueKind != JsonValueKind.Object
                    || !entry.Value.TryGetProperty("auth", out var auth) || auth.ValueKind != JsonValueKind.String || auth.GetString() is not { Length: > 0 } encoded)
                {
                    continue;
                }

                string decoded;
                try
                {
                    decoded = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
                }
                catch (FormatException)
                {
                    warn?.Invoke($"{path}: the saved login for {entry.Name} is not base64 of user:password; it is ignored. Run 'docker login {registry}' again.");
                    continue;
                }

                var colon = decoded.IndexOf(':');
                if (colon > 0)
                {
                    return new RegistryCredentials(decoded[..colon], decoded[(colon + 1)..]);
                }
            }
        }

        return null;
    }

    /// <summary>True when docker's config file exists but is not JSON (buildah and skopeo refuse to run with it).</summary>
    public static bool IsUnreadable(string? configPath = null)
    {
        var unreadable = false;
        using var json = Read(configPath ?? DefaultPath(), _ => unreadable = true);
        return unreadable;
    }

    /// <summary>The config as JSON, or null when there is none or it cannot be read (said through <paramref name="warn"/>).</summary>
    private static JsonDocument? Read(string? path, Action<string>? warn)
    {
        if (path is null || !File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(File.ReadAllText(path));
        }
        catch (Exception exception) when (exception is JsonException or IOException or UnauthorizedAccessException)
        {
            warn?.Invoke($"{path} cannot be read as docker's config ({FirstLine(exception.Message)}); its saved logins are ignored. Fix the file or run 'docker login' again.");
            return null;
        }
    }

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();

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
        var host = key.Contains("://", StringComparison.Ordinal) ? (Uri.TryCreate(key, UriKind.Absolute, out var uri) ? uri.Authority : null) : key.Split('/')[0];
        return string.Equals(host, registry, StringComparison.OrdinalIgnoreCase);
    }
}
