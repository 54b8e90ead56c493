using Build.Registry;

namespace Build.Tests.Support;

/// <summary>
/// A real docker-registry on a free 127.0.0.1 port with storage in a temp directory; Dispose stops it by its PID and
/// deletes the storage. Create it in [OneTimeSetUp] (or a using block) and dispose it in [OneTimeTearDown].
/// </summary>
public sealed class RegistryProcess : IDisposable
{
    private const int PortAttempts = 3;
    private readonly TempDirectory _directory;

    public RegistryProcess()
    {
        _directory = new TempDirectory("rdscsi-registry");
        Registry = StartOnAFreePort();
    }

    public LocalRegistry Registry { get; private set; }

    public string StorageDirectory => _directory.Combine("storage");

    public string LogFile => _directory.Combine("registry.log");

    /// <summary>127.0.0.1:PORT, for image references such as 127.0.0.1:PORT/acme/app:tag.</summary>
    public string Address => Registry.Address;

    public Uri BaseUri => Registry.BaseUri;

    public OciRegistryClient Client(RegistryCredentials? credentials = null) => new(BaseUri, credentials);

    /// <summary>Stops the registry and starts a new one on the same storage (on a fresh port).</summary>
    public void Restart()
    {
        Registry.Stop();
        Registry = StartOnAFreePort();
    }

    public void Dispose()
    {
        Registry.Stop();
        _directory.Dispose();
    }

    // Another engineer's process may take the port between choosing it and binding it; try another.
    private LocalRegistry StartOnAFreePort()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return LocalRegistry.Start(StorageDirectory, "127.0.0.1", LocalRegistry.FreeLoopbackPort(), LogFile);
            }
            catch (LocalRegistryException exception) when (exception.PortInUse && attempt < PortAttempts)
            {
                TestContext.Progress.WriteLine($"Port taken, trying another: {exception.Message}");
            }
        }
    }
}
