using System.Text;
using System.Text.Json.Nodes;

namespace Build.Registry;

/// <summary>
/// A containers-auth.json (<c>{"auths":{"HOST":{"auth":"base64(user:password)"}}}</c>) holding one login for one registry
/// host, for buildah's and skopeo's <c>--authfile</c>: the password never appears on a command line, where every local
/// user could read it in <c>ps</c>. The file is 0600 in a private (0700) temporary folder; <see cref="Dispose"/> deletes both.
/// </summary>
public sealed class RegistryAuthFile : IDisposable
{
    private readonly DirectoryInfo _directory;

    private RegistryAuthFile(string registry, RegistryCredentials? credentials, bool isolateDockerConfig)
    {
        IsolatesDockerConfig = isolateDockerConfig;
        // On Unix, CreateTempSubdirectory makes the folder 0700 (mkdtemp).
        _directory = Directory.CreateTempSubdirectory("rdscsi-auth-");
        try
        {
            Path = System.IO.Path.Combine(_directory.FullName, "auth.json");
            var auths = new JsonObject();
            if (credentials is not null)
            {
                auths[registry] = new JsonObject { ["auth"] = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credentials.Username}:{credentials.Password}")) };
            }

            var json = new JsonObject { ["auths"] = auths };
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using var stream = new FileStream(Path, options);
            stream.Write(Encoding.UTF8.GetBytes(json.ToJsonString()));
        }
        catch
        {
            _directory.Delete(recursive: true);
            throw;
        }
    }

    /// <summary>The auth file's full path.</summary>
    public string Path { get; }

    /// <summary>
    /// True when the tool must not read docker's own config (it is broken: buildah and skopeo would fail on it even with
    /// --authfile): the tool then runs with DOCKER_CONFIG pointing at this private folder, which has no config.json.
    /// </summary>
    public bool IsolatesDockerConfig { get; }

    /// <summary>The variables the tool runs with: DOCKER_CONFIG when <see cref="IsolatesDockerConfig"/>, else none.</summary>
    public Dictionary<string, string> ToolEnvironment =>
        IsolatesDockerConfig ? new Dictionary<string, string> { ["DOCKER_CONFIG"] = _directory.FullName } : [];

    /// <summary>
    /// An auth file for <paramref name="registry"/> (host[:port]); with no login, an empty one when docker's config must
    /// be kept away from the tool (<paramref name="isolateDockerConfig"/>), else null (the tools use their own logins).
    /// </summary>
    public static RegistryAuthFile? For(string registry, RegistryCredentials? credentials, bool isolateDockerConfig = false) =>
        credentials is null && !isolateDockerConfig ? null : new RegistryAuthFile(registry, credentials, isolateDockerConfig);

    public void Dispose()
    {
        if (_directory.Exists)
        {
            _directory.Delete(recursive: true);
        }
    }
}
