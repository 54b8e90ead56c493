using Build.Tests.Frosting.Sample;
using Build.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Build.Tests.Frosting;

/// <summary>The Frosting-compatible host on the real Cake engine, run in-process over the sample graph.</summary>
[NonParallelizable]
public sealed class CakeHostTests
{
    private Recorder _recorder = null!;
    private TempDirectory _working = null!;

    private string _currentDirectory = null!;
    private string? _noColor;

    [SetUp]
    public void SetUp()
    {
        _recorder = new Recorder();
        _working = new TempDirectory("rdscsi-host");
        _currentDirectory = Environment.CurrentDirectory;

        // The host's console reads NO_COLOR from the process: set for each test, and put back after it.
        _noColor = Environment.GetEnvironmentVariable("NO_COLOR");
        Environment.SetEnvironmentVariable("NO_COLOR", "1");
    }

    [TearDown]
    public void TearDown()
    {
        // Cake's environment changes the process's current directory to the working directory.
        Environment.CurrentDirectory = _currentDirectory;
        Environment.SetEnvironmentVariable("NO_COLOR", _noColor);
        _working.Dispose();
    }

    private (int ExitCode, string Output) RunHost(Func<CakeHost, CakeHost>? configure = null, params string[] args)
    {
        var host = new CakeHost()
            .AddAssembly(typeof(Recorder).Assembly)
            .UseContext<RecordingContext>()
            .ConfigureServices(services => services.AddSingleton(_recorder));
        host = configure?.Invoke(host) ?? host;
        var original = Console.Out;
        var originalError = Console.Error;
        using var writer = new StringWriter();
        Console.SetOut(writer);
        Console.SetError(writer);
        try
        {
            var code = host.Run(args.Any(arg => arg.StartsWith("--working", StringComparison.Ordinal)) ? args : [.. args, "--working=" + _working.Path]);
            TestContext.Out.WriteLine(writer.ToString());
            return (code, writer.ToString());
        }
        finally
        {
            Console.SetOut(original);
            Console.SetError(originalError);
        }
    }

    [Test]
    public void Dependencies_run_first_and_reverse_dependencies_run_before_their_dependee()
    {
        var (code, _) = RunHost(null, "--target=Third");

        Assert.That(code, Is.EqualTo(0));
        Assert.That(_recorder.Events, Is.EqualTo(new[] { "First", "Early", "Second", "Third" }));
    }

    [Test]
    public void A_task_whose_ShouldRun_is_false_is_skipped_and_its_reason_logged()
    {
        var (code, output) = RunHost(null, "--target=Third");

        Assert.That(code, Is.EqualTo(0));
        Assert.That(_recorder.Events, Does.Not.Contain("Skipped ran"));
        Assert.That(output, Does.Contain("Skipped Skipped because the sample says so"));
    }

    [Test]
    public void A_target_skipped_by_its_own_ShouldRun_ends_the_run_successfully_with_its_reason()
    {
        var (code, output) = RunHost(null, "--target=Skipped");

        Assert.That(code, Is.EqualTo(0));
        Assert.That(output, Does.Contain("Skipped Skipped because the sample says so").And.Contain("Target Skipped was skipped"));
        Assert.That(_recorder.Events, Is.Empty);
    }

    [Test]
    public void Dryrun_prints_the_tasks_in_order_and_runs_no_body()
    {
        var (code, output) = RunHost(null, "--target=Third", "--dryrun");

        Assert.That(code, Is.EqualTo(0));
        Assert.That(_recorder.Events, Is.Empty);
        var positions = new[] { "First", "Early", "Second", "Third" }.Select(name => output.IndexOf(". " + name + "\n", StringComparison.Ordinal)).ToList();
        Assert.That(positions, Is.All.GreaterThanOrEqualTo(0));
        Assert.That(positions, Is.Ordered);
    }

    [Test]
    public void Dryrun_runs_no_lifetime_either()
    {
        var (code, _) = RunHost(host => host.UseLifetime<RecordingLifetime>().UseTaskLifetime<RecordingTaskLifetime>(), "--target=Second", "--dryrun");

        Assert.That(code, Is.EqualTo(0));
        Assert.That(_recorder.Events, Is.Empty);
    }

    [TestCase("--noop")]
    [TestCase("--whatif")]
    public void Dryrun_aliases_run_no_body(string alias)
    {
        var (code, _) = RunHost(null, "--target=Third", alias);

        Assert.That(code, Is.EqualTo(0));
        Assert.That(_recorder.Events, Is.Empty);
    }

    [Test]
    public void Exclusive_runs_only_the_target()
    {
        var (code, _) = RunHost(null, "--target=Third", "--exclusive");

        Assert.That(code, Is.EqualTo(0));
        Assert.That(_recorder.Events, Is.EqualTo(new[] { "Third" }));
    }

    [Test]
    public void Short_options_work_as_in_Cake()
    {
        var (code, _) = RunHost(null, "-t", "Third", "-e");

        Assert.That(code, Is.EqualTo(0));
        Assert.That(_recorder.Events, Is.EqualTo(new[] { "Third" }));
    }

    [Test]
    public void An_unknown_target_fails_with_exit_code_1_and_lists_the_known_targets()
    {
        var (code, output) = RunHost(null, "--target=Nope");

        Assert.That(code, Is.EqualTo(1));
        Assert.That(output, Does.Contain("Unknown target 'Nope'"));
        Assert.That(output, Does.Contain("Known targets: AfterTolerant, Aggregate, Early, Failing, First, Handled, Rethrown, Second, Settings, Skipped, Third, Tolerant."));
        Assert.That(_recorder.Events, Is.Empty);
    }

    [Test]
    public void Tree_shows_the_dependency_tree()
    {
        var (code, output) = RunHost(null, "--tree");

        Assert.That(code, Is.EqualTo(0));
        Assert.That(output, Does.Contain("Third"));
        Assert.That(output, Does.Match(@"Third\s+[├└]─Second\s+[│ ]*[├└]─First"));
        Assert.That(_recorder.Events, Is.Empty);
    }

    [Test]
    public void Description_lists_tasks_with_their_descriptions()
    {
        var (code, output) = RunHost(null, "--description");

        Assert.That(code, Is.EqualTo(0));
        Assert.That(output, Does.Contain("First").And.Contain("The first task"));
    }

    [Test]
    public void A_failing_task_fails_the_run_after_its_Finally()
    {
        var (code, output) = RunHost(null, "--target=Failing");

        Assert.That(code, Is.EqualTo(1));
        Assert.That(_recorder.Events, Is.EqualTo(new[] { "Finally" }));
        Assert.That(output, Does.Contain("sample failure"));
    }

    [Test]
    public void OnError_handles_the_error_as_in_Cake_unless_it_rethrows()
    {
        var (handledCode, _) = RunHost(null, "--target=Handled");
        var handled = _recorder.Events.ToList();
        _recorder.Events.Clear();
        var (rethrownCode, output) = RunHost(null, "--target=Rethrown");

        Assert.That(handledCode, Is.EqualTo(0));
        Assert.That(handled, Is.EqualTo(new[] { "OnError: handled failure" }));
        Assert.That(rethrownCode, Is.EqualTo(1));
        Assert.That(_recorder.Events, Is.EqualTo(new[] { "OnError: rethrown failure" }));
        Assert.That(output, Does.Contain("rethrown failure"));
    }

    [Test]
    public void ContinueOnError_lets_the_run_go_on()
    {
        var (code, _) = RunHost(null, "--target=AfterTolerant");

        Assert.That(code, Is.EqualTo(0));
        Assert.That(_recorder.Events, Is.EqualTo(new[] { "AfterTolerant" }));
    }

    [Test]
    public void An_aggregate_task_without_a_body_runs_its_dependencies()
    {
        var (code, _) = RunHost(null, "--target=Aggregate");

        Assert.That(code, Is.EqualTo(0));
        Assert.That(_recorder.Events, Is.EqualTo(new[] { "First" }));
    }

    [Test]
    public void Lifetimes_wrap_the_run_and_every_task()
    {
        var (code, _) = RunHost(host => host.UseLifetime<RecordingLifetime>().UseTaskLifetime<RecordingTaskLifetime>(), "--target=Second");

        Assert.That(code, Is.EqualTo(0));
        Assert.That(_recorder.Events, Is.EqualTo(new[]
        {
            "setup", "before First", "First", "after First", "before Early", "Early", "after Early",
            "before Second", "Second", "after Second", "teardown",
        }));
    }

    [Test]
    public void Every_other_name_value_argument_reaches_the_tasks()
    {
        var (code, _) = RunHost(null, "--target=Settings", "--custom=hello world");

        Assert.That(code, Is.EqualTo(0));
        Assert.That(_recorder.Events, Does.Contain("custom=hello world"));
    }

    [Test]
    public void The_working_directory_comes_from_the_command_line()
    {
        var (code, _) = RunHost(null, "--target=Settings");

        Assert.That(code, Is.EqualTo(0));
        Assert.That(_recorder.Events, Does.Contain("working=" + _working.Path));
    }

    [Test]
    public void UseWorkingDirectory_sets_it_when_the_command_line_does_not()
    {
        var other = _working.Combine("other");
        Directory.CreateDirectory(other);
        var host = new CakeHost()
            .AddAssembly(typeof(Recorder).Assembly)
            .UseContext<RecordingContext>()
            .UseWorkingDirectory(other)
            .ConfigureServices(services => services.AddSingleton(_recorder));

        var code = host.Run(["--target=Settings", "--verbosity=quiet"]);

        Assert.That(code, Is.EqualTo(0));
        Assert.That(_recorder.Events, Does.Contain("working=" + other));
    }

    [Test]
    public void A_missing_working_directory_is_an_error_that_names_it()
    {
        var (code, output) = RunHost(null, "--target=Settings", "--working=/nonexistent/rdscsi");

        Assert.That(code, Is.Not.EqualTo(0));
        Assert.That(output, Does.Contain("/nonexistent/rdscsi"));
    }

    [Test]
    public void Settings_precedence_is_UseCakeSetting_then_environment_then_cake_config_then_command_line()
    {
        string? Setting(bool environment, bool file, bool commandLine)
        {
            _recorder.Events.Clear();
            File.Delete(_working.Combine("cake.config"));
            if (file)
            {
                _working.Write("cake.config", "[Sample]\nKey=from-file\n");
            }

            Environment.SetEnvironmentVariable("CAKE_SAMPLE_KEY", environment ? "from-environment" : null);
            try
            {
                var args = commandLine ? new[] { "--target=Settings", "--Sample_Key=from-command-line" } : ["--target=Settings"];
                RunHost(host => host.UseCakeSetting("Sample_Key", "from-default"), args);
            }
            finally
            {
                Environment.SetEnvironmentVariable("CAKE_SAMPLE_KEY", null);
            }

            return _recorder.Events.FirstOrDefault(e => e.StartsWith("setting=", StringComparison.Ordinal))?["setting=".Length..];
        }

        Assert.Multiple(() =>
        {
            Assert.That(Setting(environment: false, file: false, commandLine: false), Is.EqualTo("from-default"));
            Assert.That(Setting(environment: true, file: false, commandLine: false), Is.EqualTo("from-environment"));
            Assert.That(Setting(environment: true, file: true, commandLine: false), Is.EqualTo("from-file"));
            Assert.That(Setting(environment: true, file: true, commandLine: true), Is.EqualTo("from-command-line"));
        });
    }

    [Test]
    public void Version_and_help_print_and_exit_zero()
    {
        var (versionCode, versionOutput) = RunHost(null, "--version");
        var (helpCode, helpOutput) = RunHost(null, "--help");

        Assert.That(versionCode, Is.EqualTo(0));
        Assert.That(versionOutput.Trim(), Is.Not.Empty);
        Assert.That(helpCode, Is.EqualTo(0));
        Assert.That(helpOutput, Does.Contain("--target").And.Contain("--dryrun").And.Contain("--exclusive"));
        Assert.That(_recorder.Events, Is.Empty);
    }

    [Test]
    public void A_version_argument_with_a_value_is_an_argument_not_the_version_flag()
    {
        var (code, _) = RunHost(null, "--target=Settings", "--version=1.2.3");

        Assert.That(code, Is.EqualTo(0));
        Assert.That(_recorder.Events, Does.Contain("First").Or.Contain("working=" + _working.Path));
    }
}
