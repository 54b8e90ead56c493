using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Build.Registry;
using Build.Tests.Support;

namespace Build.Tests.Registry;

/// <summary>The rules of a local docker-registry process, one per test: real processes, real ports, real files.</summary>
public sealed class LocalRegistryRulesTests
{
    private TempDirectory _directory = null!;

    [SetUp]
    public void SetUp() => _directory = new TempDirectory("rdscsi-localregistry-rules");

    [TearDown]
    public void TearDown() => _directory.Dispose();

    private string Storage => _directory.Combine("storage");

    private string Log => _directory.Combine("logs", "registry.log");

    private static bool ProcessIsGone(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
    }

    [TestCase(0)]
    [TestCase(65536)]
    public void A_port_outside_1_to_65535_is_refused_naming_the_range(int port)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => LocalRegistry.Start(Storage, "127.0.0.1", port, Log));

        Assert.That(error!.Message, Does.Contain("1 to 65535"));
        Assert.That(error.ActualValue, Is.EqualTo(port));
    }

    [TestCase(1)]
    [TestCase(65535)]
    public void Ports_1_and_65535_are_in_range(int port)
    {
        using var holder = new TcpListener(IPAddress.Loopback, port);
        try
        {
            holder.Start();
        }
        catch (SocketException exception)
        {
            Assume.That(false, $"port {port} cannot be held for the test: {exception.Message}");
        }

        var error = Assert.Throws<LocalRegistryException>(() => LocalRegistry.Start(Storage, "127.0.0.1", port, Log));

        Assert.That(error!.PortInUse, Is.True, "the port was accepted and found taken, not refused as out of range");
        Assert.That(error.Message, Does.Contain($"already listens on port {port}"));
    }

    [Test]
    public void A_listening_check_waits_as_long_as_the_caller_asks()
    {
        // A listener whose accept queue is full: a connection attempt neither succeeds nor is refused.
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start(0);
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        using var queued = new TcpClient();
        queued.Connect(IPAddress.Loopback, port);

        var watch = Stopwatch.StartNew();
        var listening = LocalRegistry.IsListening("127.0.0.1", port, TimeSpan.FromSeconds(2));

        Assert.That(listening, Is.False);
        Assert.That(watch.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(1.5)));
    }

    [Test]
    public void A_registry_that_does_not_answer_in_time_is_stopped_by_its_pid()
    {
        var error = Assert.Throws<LocalRegistryException>(() => LocalRegistry.Start(Storage, "127.0.0.1", LocalRegistry.FreeLoopbackPort(), Log, TimeSpan.Zero));

        var pid = int.Parse(Regex.Match(error!.Message, @"PID (\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var gone = ProcessIsGone(pid);
        if (!gone)
        {
            using var leftover = Process.GetProcessById(pid);
            leftover.Kill();
        }

        Assert.That(gone, Is.True, "the registry that did not answer was stopped");
    }

    [Test]
    public async Task A_storage_path_with_quotes_and_backslashes_is_the_one_the_registry_stores_in()
    {
        var storage = _directory.Combine("st\"or\\age");
        var registry = LocalRegistry.Start(storage, "127.0.0.1", LocalRegistry.FreeLoopbackPort(), Log);
        try
        {
            using var client = new OciRegistryClient(registry.BaseUri);
            var digest = await client.UploadBlobAsync("acme/app", "quoted"u8.ToArray());

            var hex = digest["sha256:".Length..];
            Assert.That(File.Exists(Path.Combine(storage, "docker", "registry", "v2", "blobs", "sha256", hex[..2], hex, "data")), Is.True);
        }
        finally
        {
            registry.Stop();
        }
    }

    [Test]
    public async Task A_registry_on_the_IPv6_loopback_is_addressed_in_brackets()
    {
        using (var probe = new TcpListener(IPAddress.IPv6Loopback, 0))
        {
            try
            {
                probe.Start();
            }
            catch (SocketException exception)
            {
                Assume.That(false, "no IPv6 loopback here: " + exception.Message);
            }
        }

        var registry = LocalRegistry.Start(Storage, "::1", LocalRegistry.FreeLoopbackPort(), Log);
        try
        {
            using var client = new OciRegistryClient(registry.BaseUri);

            Assert.That(registry.Address, Is.EqualTo($"[::1]:{registry.Port}"));
            Assert.That(await client.PingAsync(), Is.True);
        }
        finally
        {
            registry.Stop();
        }
    }

    [Test]
    public async Task A_registry_may_listen_on_localhost()
    {
        var registry = LocalRegistry.Start(Storage, "localhost", LocalRegistry.FreeLoopbackPort(), Log);
        try
        {
            using var client = new OciRegistryClient(registry.BaseUri);

            Assert.That(registry.Address, Is.EqualTo($"localhost:{registry.Port}"));
            Assert.That(await client.PingAsync(), Is.True);
        }
        finally
        {
            registry.Stop();
        }
    }

    [Test]
    public void The_config_file_ends_with_a_newline()
    {
        var registry = LocalRegistry.Start(Storage, "127.0.0.1", LocalRegistry.FreeLoopbackPort(), Log);
        registry.Stop();

        Assert.That(File.ReadAllText(Path.Combine(Storage, LocalRegistry.ConfigFileName)), Does.EndWith($"addr: \"127.0.0.1:{registry.Port}\"\n"));
    }

    [Test]
    [NonParallelizable]
    public void Without_docker_registry_on_PATH_the_error_says_how_to_install_it()
    {
        var path = Environment.GetEnvironmentVariable("PATH");
        Environment.SetEnvironmentVariable("PATH", _directory.Path);
        try
        {
            var error = Assert.Throws<LocalRegistryException>(() => LocalRegistry.Start(Storage, "127.0.0.1", LocalRegistry.FreeLoopbackPort(), Log));

            Assert.That(error!.Message, Does.Contain("docker-registry is not installed").And.Contain("apt-get install docker-registry"));
        }
        finally
        {
            Environment.SetEnvironmentVariable("PATH", path);
        }
    }
}

/// <summary>The end of a local registry's log, as error messages show it.</summary>
public sealed class LocalRegistryLogTailTests
{
    private TempDirectory _directory = null!;
    private LocalRegistry _registry = null!;

    [OneTimeSetUp]
    public void StartAndStop()
    {
        _directory = new TempDirectory("rdscsi-logtail");
        _registry = LocalRegistry.Start(_directory.Combine("storage"), "127.0.0.1", LocalRegistry.FreeLoopbackPort(), _directory.Combine("registry.log"));
        _registry.Stop();
    }

    [OneTimeTearDown]
    public void TearDown() => _directory.Dispose();

    [Test]
    public void The_log_tail_is_the_last_lines_of_the_log()
    {
        File.WriteAllLines(_registry.LogFile, Enumerable.Range(1, 20).Select(line => $"line {line}"));

        Assert.That(_registry.LogTail(3), Is.EqualTo(string.Join(Environment.NewLine, "line 18", "line 19", "line 20")));
        Assert.That(_registry.LogTail().Split(Environment.NewLine), Is.EqualTo(Enumerable.Range(6, 15).Select(line => $"line {line}")));
    }

    [Test]
    public void An_empty_log_says_so()
    {
        File.WriteAllText(_registry.LogFile, "");

        Assert.That(_registry.LogTail(), Is.EqualTo("(log is empty)"));
    }

    [Test]
    public void A_missing_log_says_so()
    {
        File.Delete(_registry.LogFile);

        Assert.That(_registry.LogTail(), Is.EqualTo("(no log written)"));
    }
}
