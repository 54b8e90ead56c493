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

    [TestCase("0")]
    [TestCase("65536")]
    public void A_recorded_port_outside_1_to_65535_is_replaced_by_a_free_one(string recorded)
    {
        _artifacts.Write(RehearsalRegistry.PortFileName, recorded + "\n");

        var port = RehearsalRegistry.PortFor(_artifacts.Path);

        Assert.That(port, Is.InRange(1, 65535));
        Assert.That(port.ToString(System.Globalization.CultureInfo.InvariantCulture), Is.Not.EqualTo(recorded));
    }

    [Test]
    public void The_highest_port_65535_is_a_port_that_may_be_kept()
    {
        Assume.That(LocalRegistry.IsListening("127.0.0.1", 65535), Is.False, "something else listens on 65535");
        _artifacts.Write(RehearsalRegistry.PortFileName, "65535\n");

        Assert.That(RehearsalRegistry.PortFor(_artifacts.Path), Is.EqualTo(65535));
    }

    [Test]
    public void Recording_creates_the_artifacts_folder_and_writes_lines_a_shell_can_read()
    {
        var artifacts = _artifacts.Combine("fresh", "artifacts");
        var registry = LocalRegistry.Start(_artifacts.Combine("storage"), "127.0.0.1", LocalRegistry.FreeLoopbackPort(), _artifacts.Combine("registry.log"));
        try
        {
            RehearsalRegistry.Record(artifacts, registry);

            // POSIX read fails on a last line without its newline, so a script with `set -e` would stop there.
            var read = Run.Process("sh", ["-c", "read -r port < \"$1\" && read -r pid < \"$2\" && echo \"$port $pid\"", "sh", Path.Combine(artifacts, RehearsalRegistry.PortFileName), Path.Combine(artifacts, RehearsalRegistry.PidFileName)]);
            Assert.That(read.ExitCode, Is.Zero, read.ToString);
            Assert.That(read.Output.Trim(), Is.EqualTo($"{registry.Port} {registry.Pid}"));
        }
        finally
        {
            registry.Stop();
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
