using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Build.Registry;
using Build.Tests.Support;

namespace Build.Tests.Registry;

public sealed class LocalRegistryTests
{
    private TempDirectory _directory = null!;

    [SetUp]
    public void SetUp() => _directory = new TempDirectory("rdscsi-localregistry");

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

    /// <summary>Expects Start to fail; a registry that started anyway is stopped so that no test leaves one running.</summary>
    private LocalRegistryException StartFails(int port, TimeSpan? startTimeout = null)
    {
        LocalRegistry? started = null;
        try
        {
            return Assert.Throws<LocalRegistryException>(() => started = LocalRegistry.Start(Storage, "127.0.0.1", port, Log, startTimeout))!;
        }
        finally
        {
            started?.Stop();
        }
    }

    [Test]
    public async Task Starts_answers_on_its_port_writes_its_config_and_logs_to_the_file()
    {
        var registry = LocalRegistry.Start(Storage, "127.0.0.1", LocalRegistry.FreeLoopbackPort(), Log);
        try
        {
            using var client = new OciRegistryClient(registry.BaseUri);

            Assert.That(await client.PingAsync(), Is.True);
            Assert.That(LocalRegistry.IsListening("127.0.0.1", registry.Port), Is.True);
            Assert.That(registry.BaseUri, Is.EqualTo(new Uri($"http://127.0.0.1:{registry.Port}/")));
            Assert.That(registry.Address, Is.EqualTo($"127.0.0.1:{registry.Port}"));
            var config = File.ReadAllText(Path.Combine(Storage, LocalRegistry.ConfigFileName));
            Assert.That(config, Does.Contain($"addr: \"127.0.0.1:{registry.Port}\"").And.Contain($"rootdirectory: \"{Storage}\"").And.Contain("enabled: true"));
            Assert.That(File.ReadAllText(Log), Does.Contain("GET /v2/"));
        }
        finally
        {
            registry.Stop();
        }
    }

    [Test]
    public async Task What_was_pushed_survives_a_stop_and_a_start_on_the_same_storage()
    {
        var first = LocalRegistry.Start(Storage, "127.0.0.1", LocalRegistry.FreeLoopbackPort(), Log);
        string digest;
        try
        {
            using var client = new OciRegistryClient(first.BaseUri);
            await client.UploadBlobAsync("acme/app", OciDigest.EmptyJsonContent);
            var manifest = new OciImageManifest { Config = OciDescriptor.EmptyJson }.ToJson();
            digest = await client.PutManifestAsync("acme/app", "1.0.0", manifest, OciMediaTypes.ImageManifest);
        }
        finally
        {
            first.Stop();
        }

        var second = LocalRegistry.Start(Storage, "127.0.0.1", first.Port, Log);
        try
        {
            using var client = new OciRegistryClient(second.BaseUri);

            Assert.That(second.Pid, Is.Not.EqualTo(first.Pid));
            Assert.That(await client.ResolveDigestAsync("acme/app", "1.0.0"), Is.EqualTo(digest));
            Assert.That(await client.ListTagsAsync("acme/app"), Is.EqualTo(new[] { "1.0.0" }));
        }
        finally
        {
            second.Stop();
        }
    }

    [Test]
    public void Stop_kills_the_process_and_frees_the_port()
    {
        var registry = LocalRegistry.Start(Storage, "127.0.0.1", LocalRegistry.FreeLoopbackPort(), Log);

        registry.Stop();

        Assert.That(registry.HasExited, Is.True);
        Assert.That(ProcessIsGone(registry.Pid), Is.True);
        Assert.That(LocalRegistry.IsListening("127.0.0.1", registry.Port), Is.False);
        Assert.DoesNotThrow(registry.Stop, "stopping twice is harmless");
    }

    [Test]
    public void A_port_something_listens_on_is_refused_naming_the_port()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var error = StartFails(port);

        Assert.That(error.Message, Does.Contain($"127.0.0.1:{port}").And.Contain("already listens").And.Contain("choose a free port"));
        Assert.That(error.PortInUse, Is.True);
    }

    [Test]
    public void A_registry_that_cannot_bind_its_port_fails_with_the_port_and_its_log()
    {
        // A listener whose accept queue is full: the TCP check times out as on a free port, the registry's bind fails and it exits.
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start(0);
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        using var queued = new TcpClient();
        queued.Connect(IPAddress.Loopback, port);
        Assert.That(LocalRegistry.IsListening("127.0.0.1", port), Is.False, "precondition: the port looks free");

        var error = StartFails(port);

        Assert.That(error.Message, Does.Contain($"port {port}").And.Contain("exited").And.Contain(Log).And.Contain("address already in use"));
        Assert.That(error.PortInUse, Is.True);
    }

    [Test]
    public void A_registry_that_does_not_answer_in_time_is_stopped_and_named_with_its_log()
    {
        var port = LocalRegistry.FreeLoopbackPort();

        var error = StartFails(port, startTimeout: TimeSpan.Zero);

        Assert.That(error.Message, Does.Contain($"port {port}").And.Contain("did not answer GET /v2/ within 0 seconds and was stopped").And.Contain(Log));
        Assert.That(error.PortInUse, Is.False);
        Assert.That(LocalRegistry.IsListening("127.0.0.1", port), Is.False);
    }

    [Test]
    public void A_host_that_is_not_loopback_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => LocalRegistry.Start(Storage, "registry.example.invalid", 5000, Log));

        Assert.That(error!.Message, Does.Contain("registry.example.invalid").And.Contain("127.0.0.1"));
    }

    [Test]
    public void A_free_loopback_port_has_no_listener()
    {
        var port = LocalRegistry.FreeLoopbackPort();

        Assert.That(port, Is.InRange(1024, 65535));
        Assert.That(LocalRegistry.IsListening("127.0.0.1", port), Is.False);
    }

    [Test]
    public void The_fixture_runs_a_registry_and_stops_it_by_its_pid()
    {
        int pid;
        int port;
        using (var fixture = new RegistryProcess())
        {
            pid = fixture.Registry.Pid;
            port = fixture.Registry.Port;
            Assert.That(LocalRegistry.IsListening("127.0.0.1", port), Is.True);
        }

        Assert.That(ProcessIsGone(pid), Is.True);
        Assert.That(LocalRegistry.IsListening("127.0.0.1", port), Is.False);
    }
}
