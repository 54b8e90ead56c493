using Build.Registry;
using Build.Tests.Support;

namespace Build.Tests.Registry;

/// <summary>Which registry belongs to a working directory: real files, real processes, real ports.</summary>
public sealed class RehearsalRegistryTests
{
    private TempDirectory _artifacts = null!;

    [SetUp]
    public void SetUp() => _artifacts = new TempDirectory("rehearsal-registry");

    [TearDown]
    public void TearDown() => _artifacts.Dispose();

    [Test]
    public void A_recorded_port_that_nothing_else_took_is_kept()
    {
        var port = LocalRegistry.FreeLoopbackPort();
        _artifacts.Write(RehearsalRegistry.PortFileName, port + "\n");

        Assert.That(RehearsalRegistry.PortFor(_artifacts.Path), Is.EqualTo(port));
    }

    [Test]
    public void A_recorded_port_another_process_listens_on_is_given_up_for_a_free_one()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var taken = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
            _artifacts.Write(RehearsalRegistry.PortFileName, taken + "\n");

            Assert.That(RehearsalRegistry.PortFor(_artifacts.Path), Is.Not.EqualTo(taken).And.InRange(1, 65535));
        }
        finally
        {
            listener.Stop();
        }
    }

    /// <summary>Hostile or stale registry.pid files: none of them names a process the build may stop.</summary>
    [TestCase("1")]
    [TestCase("self")]
    [TestCase("999999999")]
    [TestCase("-1")]
    [TestCase("1; kill -9 1")]
    public void A_pid_file_that_names_no_registry_of_this_working_directory_is_no_orphan(string pid)
    {
        _artifacts.Write(RehearsalRegistry.PidFileName, (pid == "self" ? Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) : pid) + "\n");

        Assert.That(RehearsalRegistry.Orphan(_artifacts.Path), Is.Null);
    }

    [Test]
    public void Another_working_directorys_registry_is_no_orphan_of_this_one()
    {
        using var other = new RegistryProcess();
        _artifacts.Write(RehearsalRegistry.PidFileName, other.Registry.Pid + "\n");

        Assert.That(RehearsalRegistry.Orphan(_artifacts.Path), Is.Null, "it serves another storage folder");
    }

    [Test]
    public void This_working_directorys_registry_left_running_is_its_orphan_and_is_stopped_by_its_pid()
    {
        var registry = LocalRegistry.Start(Path.Combine(_artifacts.Path, "registry"), "127.0.0.1", LocalRegistry.FreeLoopbackPort(), _artifacts.Combine("registry.log"));
        try
        {
            RehearsalRegistry.Record(_artifacts.Path, registry);

            Assert.That(RehearsalRegistry.Orphan(_artifacts.Path), Is.EqualTo(registry.Pid));
            RehearsalRegistry.StopOrphan(_artifacts.Path, registry.Pid);
            Assert.That(registry.HasExited, Is.True);
            Assert.That(File.Exists(_artifacts.Combine(RehearsalRegistry.PidFileName)), Is.False);
        }
        finally
        {
            registry.Stop();
        }
    }
}
