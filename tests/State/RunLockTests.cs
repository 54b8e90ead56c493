using Build.Configuration;
using Build.State;
using Build.Tests.Support;

namespace Build.Tests.State;

/// <summary>One release at a time per working directory: artifacts/.lock, taken with a real operating-system lock.</summary>
public sealed class RunLockTests
{
    private TempDirectory _directory = null!;

    [SetUp]
    public void SetUp() => _directory = new TempDirectory("rdscsi-lock");

    [TearDown]
    public void TearDown() => _directory.Dispose();

    private string LockFile => _directory.Combine("artifacts", ".lock");

    [Test]
    public void A_second_run_in_the_same_directory_is_refused_naming_the_lock_and_the_process_holding_it()
    {
        using var first = RunLock.Acquire(LockFile);

        var error = Assert.Throws<BuildConfigurationException>(() => RunLock.Acquire(LockFile));

        Assert.That(error!.Message, Does.StartWith($"Another build is running in this working directory (it holds {LockFile}; process and start: {Environment.ProcessId} 20"));
        Assert.That(error.Message, Does.EndWith("): wait for it to finish. Two releases at once would push and sign over each other."));
    }

    [Test]
    public void The_file_beside_the_lock_names_the_process_and_its_start_time()
    {
        var before = DateTimeOffset.UtcNow;
        using var held = RunLock.Acquire(LockFile);

        var owner = File.ReadAllText(RunLock.OwnerFile(LockFile)).TrimEnd('\n').Split(' ');

        Assert.That(RunLock.OwnerFile(LockFile), Is.EqualTo(LockFile + ".owner"));
        Assert.That(owner[0], Is.EqualTo(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(DateTimeOffset.Parse(owner[1], System.Globalization.CultureInfo.InvariantCulture), Is.InRange(before.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1)));
    }

    [Test]
    public void The_owner_left_by_an_earlier_run_is_replaced_not_appended_to()
    {
        _directory.Write(Path.Combine("artifacts", ".lock.owner"), new string('x', 200) + "\n");

        using (RunLock.Acquire(LockFile))
        {
        }

        Assert.That(File.ReadAllText(RunLock.OwnerFile(LockFile)), Does.Not.Contain("x").And.StartWith($"{Environment.ProcessId} "));
    }

    [Test]
    public void Without_an_owner_file_the_refusal_still_names_the_lock()
    {
        using var first = RunLock.Acquire(LockFile);
        File.Delete(RunLock.OwnerFile(LockFile));

        var error = Assert.Throws<BuildConfigurationException>(() => RunLock.Acquire(LockFile));

        Assert.That(error!.Message, Does.StartWith($"Another build is running in this working directory (it holds {LockFile}): wait for it to finish."));
    }

    [Test]
    public void Once_released_the_lock_can_be_taken_again()
    {
        RunLock.Acquire(LockFile).Dispose();

        Assert.DoesNotThrow(() => RunLock.Acquire(LockFile).Dispose());
    }

    [Test]
    public void The_lock_is_taken_in_a_directory_that_does_not_exist_yet()
    {
        using var held = RunLock.Acquire(_directory.Combine("new", "artifacts", ".lock"));

        Assert.That(File.Exists(_directory.Combine("new", "artifacts", ".lock")), Is.True);
    }

    [Test]
    public void Runs_of_read_only_checks_take_no_lock_and_any_other_task_does()
    {
        Assert.Multiple(() =>
        {
            Assert.That(RunLock.IsNeededBy(["Lint", "CheckDeploy", "Test"]), Is.False);
            Assert.That(RunLock.IsNeededBy(["lint", "checkdeploy"]), Is.False, "task names are matched whatever their case");
            Assert.That(RunLock.IsNeededBy(["Verify", "Default"]), Is.False);
            Assert.That(RunLock.IsNeededBy(["Lint", "Push"]), Is.True);
            Assert.That(RunLock.IsNeededBy(["Version"]), Is.True);
            Assert.That(RunLock.IsNeededBy([]), Is.False);
        });
    }
}
