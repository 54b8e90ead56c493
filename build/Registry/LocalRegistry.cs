using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Build.Registry;

/// <summary>
/// A Debian <c>docker-registry</c> (distribution 2.8) process on a loopback port, for rehearsals and tests: filesystem
/// storage that outlives the process, deletes enabled, no auth. Its output goes to a log file, so it may outlive the
/// program that started it; <see cref="Stop"/> ends it by its PID.
/// </summary>
public sealed class LocalRegistry
{
    public const string Executable = "docker-registry";
    public const string ConfigFileName = "registry.yml";

    private static readonly TimeSpan DefaultStartTimeout = TimeSpan.FromSeconds(20);
    private readonly Process _process;

    private LocalRegistry(Process process, string host, int port, string storageDirectory, string logFile)
    {
        _process = process;
        Pid = process.Id;
        Host = host;
        Port = port;
        StorageDirectory = storageDirectory;
        LogFile = logFile;
    }

    public int Pid { get; }

    public string Host { get; }

    public int Port { get; }

    /// <summary>host:port as image references write it, e.g. 127.0.0.1:5959 or [::1]:5959.</summary>
    public string Address => $"{HostForUri(Host)}:{Port}";

    public Uri BaseUri => new($"http://{Address}/");

    public string StorageDirectory { get; }

    public string LogFile { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Writes <c>registry.yml</c> into <paramref name="storageDirectory"/> (which is also the storage root), starts the
    /// registry and waits until <c>/v2/</c> answers. What an earlier registry stored there is served again.
    /// </summary>
    /// <exception cref="LocalRegistryException">the registry is not installed, the port is taken, or it did not come up.</exception>
    public static LocalRegistry Start(string storageDirectory, string host, int port, string logFile, TimeSpan? startTimeout = null)
    {
        var registry = Launch(storageDirectory, host, port, logFile);
        registry.WaitUntilAnswering(startTimeout ?? DefaultStartTimeout);
        return registry;
    }

    /// <summary>
    /// Starts the registry like <see cref="Start"/> but returns at once: <see cref="Ready"/> completes when it answers
    /// (or fails as Start would), so that a caller can do other work while it comes up.
    /// </summary>
    public static LocalRegistry StartInBackground(string storageDirectory, string host, int port, string logFile, TimeSpan? startTimeout = null)
    {
        var registry = Launch(storageDirectory, host, port, logFile);
        registry.Ready = Task.Run(() => registry.WaitUntilAnswering(startTimeout ?? DefaultStartTimeout));
        return registry;
    }

    /// <summary>Completes when the registry answers; faults with the reason when it did not come up.</summary>
    public Task Ready { get; private set; } = Task.CompletedTask;

    private static LocalRegistry Launch(string storageDirectory, string host, int port, string logFile)
    {
        if (!IsLoopback(host))
        {
            throw new ArgumentException($"A local registry listens only on loopback; '{host}' is not a loopback address. Use 127.0.0.1, ::1 or localhost.", nameof(host));
        }

        if (port is < 1 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(port), port, "A port is a number from 1 to 65535.");
        }

        var executable = FindExecutable()
            ?? throw new LocalRegistryException($"{Executable} is not installed (not found on PATH); install it with `apt-get install docker-registry`.");
        if (IsListening(host, port))
        {
            throw new LocalRegistryException($"Cannot start a registry on {HostForUri(host)}:{port}: something already listens on port {port}. Stop it, or choose a free port.", portInUse: true);
        }

        storageDirectory = Path.GetFullPath(storageDirectory);
        logFile = Path.GetFullPath(logFile);
        Directory.CreateDirectory(storageDirectory);
        Directory.CreateDirectory(Path.GetDirectoryName(logFile)!);
        var config = Path.Combine(storageDirectory, ConfigFileName);
        File.WriteAllText(config, Config(storageDirectory, host, port));

        // exec keeps the PID the registry's own; the shell only sends its output to the log file.
        var start = new ProcessStartInfo("/bin/sh");
        foreach (var argument in new[] { "-c", "exec \"$0\" serve \"$1\" >>\"$2\" 2>&1", executable, config, logFile })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new LocalRegistryException($"Could not start {executable}.");
        return new LocalRegistry(process, host, port, storageDirectory, logFile);
    }

    /// <summary>Kills the registry's process and waits for it to end; storage stays.</summary>
    public void Stop()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        _process.WaitForExit();
    }

    /// <summary>True when a TCP connection to host:port is accepted within <paramref name="timeout"/> (half a second by default).</summary>
    public static bool IsListening(string host, int port, TimeSpan? timeout = null)
    {
        using var client = new TcpClient();
        using var cancellation = new CancellationTokenSource(timeout ?? TimeSpan.FromMilliseconds(500));
        try
        {
            client.ConnectAsync(host, port, cancellation.Token).AsTask().GetAwaiter().GetResult();
            return true;
        }
        catch (Exception exception) when (exception is SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>A TCP port on 127.0.0.1 that nothing listens on right now.</summary>
    public static int FreeLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }

    /// <summary>The last lines of the log, for error messages.</summary>
    public string LogTail(int lines = 15)
    {
        if (!File.Exists(LogFile))
        {
            return "(no log written)";
        }

        using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var tail = new Queue<string>();
        while (reader.ReadLine() is { } line)
        {
            tail.Enqueue(line);
            if (tail.Count > lines)
            {
                tail.Dequeue();
            }
        }

        return tail.Count == 0 ? "(log is empty)" : string.Join(Environment.NewLine, tail);
    }

    private void WaitUntilAnswering(TimeSpan timeout)
    {
        using var client = new OciRegistryClient(BaseUri, timeout: TimeSpan.FromSeconds(2));
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw Failure($"exited with code {_process.ExitCode} before it answered");
            }

            if (PingOrFalse(client) && !_process.HasExited)
            {
                return;
            }

            // Stryker disable once Equality : Elapsed equal to the timeout to the tick is not a moment a poll can observe
            if (deadline.Elapsed > timeout)
            {
                Stop();
                throw Failure($"did not answer GET /v2/ within {timeout.TotalSeconds:0} seconds and was stopped");
            }

            // Stryker disable once Statement : the pause only spares the CPU between polls; without it the loop polls sooner
            Thread.Sleep(10);
        }
    }

    private static bool PingOrFalse(OciRegistryClient client)
    {
        try
        {
            return client.PingAsync().GetAwaiter().GetResult();
        }
        catch (RegistryException)
        {
            return false;
        }
    }

    private LocalRegistryException Failure(string what)
    {
        var tail = LogTail();
        return new LocalRegistryException(
            $"The registry on {Address} (port {Port}, PID {Pid}) {what}. Last lines of {LogFile}:{Environment.NewLine}{tail}",
            portInUse: tail.Contains("address already in use", StringComparison.Ordinal));
    }

    private static string Config(string storageDirectory, string host, int port) =>
        $"""
        # Written by the build's LocalRegistry: a loopback registry for rehearsals and tests.
        version: 0.1
        log:
          level: info
        storage:
          filesystem:
            rootdirectory: {Quote(storageDirectory)}
          delete:
            enabled: true
        http:
          addr: {Quote($"{HostForUri(host)}:{port}")}

        """;

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static string HostForUri(string host) => host.Contains(':') ? $"[{host}]" : host;

    private static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));

    private static string? FindExecutable() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, Executable))
            .FirstOrDefault(File.Exists);
}

/// <summary>A local registry could not be started; the message says why and shows the end of its log.</summary>
public sealed class LocalRegistryException(string message, bool portInUse = false) : Exception(message)
{
    /// <summary>The port was taken (by a listener, or a socket the registry could not bind next to): another port may work.</summary>
    public bool PortInUse { get; } = portInUse;
}
