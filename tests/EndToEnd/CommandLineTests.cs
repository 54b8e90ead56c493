using System.Net;
using System.Net.Sockets;
using Build.Tests.Support;

namespace Build.Tests.EndToEnd;

/// <summary>The real program's command line, as Cake users write it, on a real repository: nothing may run by mistake.</summary>
public sealed class CommandLineTests
{
    private GitRepository _repo = null!;

    [SetUp]
    public void SetUp() => _repo = ReleaseRepository.Create("cake.config");

    [TearDown]
    public void TearDown() => _repo.Dispose();

    private string Artifacts => Path.Combine(_repo.Path, "artifacts");

    [TestCase("--dryrun=true")]
    [TestCase("--dryrun")]
    [TestCase("--noop=true")]
    [TestCase("--WhatIf=True")]
    public void A_dry_run_in_any_of_Cakes_forms_starts_no_registry_and_writes_nothing(string dryRun)
    {
        var port = FreePort();

        var result = BuildProgram.Run(_repo.Path, ["--target=Release", dryRun, $"--release_rehearsalimage=127.0.0.1:{port}/rds/csi"]);

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.Output, Does.Contain("This was a dry run").And.Contain(". Release"));
        Assert.That(Directory.Exists(Artifacts), Is.False, "a dry run writes nothing under artifacts/");
        Assert.That(IsListening(port), Is.False, "a dry run starts no registry");
    }

    [Test]
    public void Dryrun_false_and_Exclusive_true_and_Tree_true_mean_what_they_say()
    {
        var exclusive = BuildProgram.Run(_repo.Path, ["--target=Build", "--exclusive=true", "--dryrun=true"]);
        var tree = BuildProgram.Run(_repo.Path, ["--target=Release", "--tree=true"]);
        var notDry = BuildProgram.Run(_repo.Path, ["--target=Version", "--dryrun=false", "--exclusive=false"]);

        Assert.That(exclusive.ExitCode, Is.EqualTo(0), exclusive.ToString());
        Assert.That(exclusive.Output, Does.Contain("1. Build").And.Not.Contain(". Version"));
        Assert.That(tree.ExitCode, Is.EqualTo(0), tree.ToString());
        Assert.That(tree.Output, Does.Match(@"Release\s+└─Announce\s+└─HelmIndex\s+└─Publish\s+└─Binaries\s+└─HelmPackage"));
        Assert.That(notDry.ExitCode, Is.EqualTo(0), notDry.ToString());
        Assert.That(File.Exists(Path.Combine(Artifacts, "version.json")), Is.True, "--dryrun=false runs the task");
    }

    [Test]
    public void A_flag_with_a_value_other_than_true_or_false_stops_before_anything_runs()
    {
        var result = BuildProgram.Run(_repo.Path, ["--target=Version", "--dryrun=yes"]);

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.All, Does.Contain("--dryrun=yes: a flag takes true or false"));
        Assert.That(Directory.Exists(Artifacts), Is.False);
    }

    [Test]
    public void Option_names_are_case_insensitive_as_in_Cake_Frosting()
    {
        var result = BuildProgram.Run(_repo.Path, ["--Target=Version", "--Verbosity=Minimal"]);

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.Output, Does.Match(@"Version\s+done"));
        Assert.That(result.Output, Does.Not.Contain("Lint"));
    }

    [Test]
    public void A_mistyped_target_gets_a_suggestion()
    {
        var result = BuildProgram.Run(_repo.Path, ["--target=Relase"]);

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.All, Does.Contain("Unknown target 'Relase' (did you mean Release?)"));
    }

    [TestCase("--taget=Version", "--taget is not an option of this build (did you mean --target?)")]
    [TestCase("--release_rehersalimage=127.0.0.1:1/x", "(did you mean --Release_RehearsalImage?)")]
    [TestCase("--pish-by-digest", "(did you mean --push-by-digest?)")]
    public void An_option_nobody_reads_is_reported_before_anything_runs(string option, string message)
    {
        var result = BuildProgram.Run(_repo.Path, [option]);

        Assert.That(result.ExitCode, Is.Not.EqualTo(0), result.ToString());
        Assert.That(result.All, Does.Contain(message));
        Assert.That(result.Output, Does.Not.Contain("-- Version").And.Not.Contain("-- Lint"));
        Assert.That(Directory.Exists(Artifacts), Is.False, "nothing ran: not even the default Verify's Version");
    }

    [Test]
    public void Cake_settings_of_its_own_sections_and_of_cake_config_are_options()
    {
        var result = BuildProgram.Run(_repo.Path, ["--target=Version", "--settings_skipverification=true", "--Release_Platforms=linux/amd64", "--scan_failon=HIGH"]);

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool IsListening(int port)
    {
        using var client = new TcpClient();
        try
        {
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
