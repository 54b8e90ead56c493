using System.Diagnostics;
using System.Security.Cryptography;
using Build.Registry;
using Org.BouncyCastle.Crypto.Generators;

namespace Build.Tests.Support;

/// <summary>
/// A real docker-registry on a free 127.0.0.1 port that demands a login (htpasswd, bcrypt): only <paramref name="username"/>
/// with <paramref name="password"/> may pull or push. Stopped by its PID and its storage deleted on Dispose.
/// </summary>
public sealed class AuthenticatedRegistry : IDisposable
{
    private readonly TempDirectory _directory = new("rdscsi-authregistry");
    private readonly Process _process;

    public AuthenticatedRegistry(string username, string password)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = OpenBsdBCrypt.Generate("2b", password.ToCharArray(), salt, 4);
        var htpasswd = _directory.Write("htpasswd", $"{username}:{hash}\n");
        Port = LocalRegistry.FreeLoopbackPort();
        var config = _directory.Write("config.yml", $"""
            version: 0.1
            log:
              level: info
            storage:
              filesystem:
                rootdirectory: {_directory.Combine("storage")}
              delete:
                enabled: true
            http:
              addr: 127.0.0.1:{Port}
            auth:
              htpasswd:
                realm: test-registry
                path: {htpasswd}
            """);
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        foreach (var argument in new[] { "-c", "exec docker-registry serve \"$0\" >>\"$1\" 2>&1", config, _directory.Combine("registry.log") })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start)!;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!LocalRegistry.IsListening("127.0.0.1", Port))
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException("The authenticated registry did not come up: " + File.ReadAllText(_directory.Combine("registry.log")));
            }

            Thread.Sleep(50);
        }
    }

    public int Port { get; }

    public string Address => $"127.0.0.1:{Port}";

    public Uri BaseUri => new($"http://{Address}/");

    public string Log => File.ReadAllText(_directory.Combine("registry.log"));

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        _process.WaitForExit();
        _process.Dispose();
        _directory.Dispose();
    }
}
