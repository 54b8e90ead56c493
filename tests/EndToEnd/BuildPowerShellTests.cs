using System.Diagnostics;
using Build.Tests.Support;

namespace Build.Tests.EndToEnd;

/// <summary>
/// build.ps1 run for real by PowerShell 7 (the PowerShell dotnet tool pinned in .config/dotnet-tools.json) on copies of
/// this repository, side by side with build.sh: same behaviour, same exit codes.
/// </summary>
[NonParallelizable]
public sealed class BuildPowerShellTests
{
    private static ProcessResult Pwsh(string directory, params string[] arguments) =>
        Run.Process("dotnet", ["pwsh", "-NoProfile", "-NonInteractive", .. arguments], directory, timeout: TimeSpan.FromMinutes(10));

    private static TempDirectory CopyWithPowerShell(bool withBuiltProgram)
    {
        var copy = RepositoryCopy.Create(withBuiltProgram);
        var restore = Run.Process("dotnet", ["tool", "restore"], copy.Path, timeout: TimeSpan.FromMinutes(5));
        Assert.That(restore.ExitCode, Is.EqualTo(0), restore.ToString());
        return copy;
    }

    [Test]
    public void Two_runs_in_a_row_start_the_program_and_a_bad_target_exits_as_build_sh_does()
    {
        using var copy = CopyWithPowerShell(withBuiltProgram: true);

        var first = Pwsh(copy.Path, "-File", copy.Combine("build.ps1"), "--target=Version");
        var second = Pwsh(copy.Path, "-File", copy.Combine("build.ps1"), "--target=Version");
        var badTarget = Pwsh(copy.Path, "-File", copy.Combine("build.ps1"), "--target=Relase");
        var badTargetSh = Run.Process("bash", [copy.Combine("build.sh"), "--target=Relase"], copy.Path);

        Assert.That(first.ExitCode, Is.EqualTo(0), first.ToString());
        Assert.That(first.Output, Does.Contain("Version 0.1.0-dev."));
        Assert.That(second.ExitCode, Is.EqualTo(0), second.ToString());
        Assert.That(second.Output, Does.Contain("Version 0.1.0-dev."));
        Assert.That(second.Error, Does.Not.Contain("building the build program"));
        Assert.That(badTarget.ExitCode, Is.EqualTo(1).And.EqualTo(badTargetSh.ExitCode), badTarget.ToString());
        Assert.That(badTarget.All, Does.Contain("Unknown target 'Relase' (did you mean Release?)"));
    }

    [Test]
    public void The_callers_location_is_the_same_after_the_run()
    {
        using var copy = CopyWithPowerShell(withBuiltProgram: true);
        using var elsewhere = new TempDirectory("rdscsi-caller");

        var result = Pwsh(copy.Path, "-Command", $"Set-Location -LiteralPath '{elsewhere.Path}'; & '{copy.Combine("build.ps1")}' --target=Version; $code = $LASTEXITCODE; Write-Output \"location=$((Get-Location).Path)\"; exit $code");

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.Output, Does.Contain("Version 0.1.0-dev."));
        Assert.That(result.Output, Does.Contain("location=" + elsewhere.Path + "\n"));
    }

    [Test]
    public void Without_dotnet_on_PATH_it_exits_127_as_build_sh_does_and_says_what_to_install()
    {
        using var copy = CopyWithPowerShell(withBuiltProgram: true);

        var result = Pwsh(copy.Path, "-Command", $"$env:PATH = '/nonexistent'; & '{copy.Combine("build.ps1")}' --target=Version; exit $LASTEXITCODE");

        Assert.That(result.ExitCode, Is.EqualTo(127), result.ToString());
        Assert.That(result.Error, Does.Contain(".NET SDK 10 is required").And.Contain("dot.net"));
    }

    [Test]
    public void A_changed_source_waits_for_the_build_lock_that_build_sh_shares_then_rebuilds_once()
    {
        using var copy = CopyWithPowerShell(withBuiltProgram: true);
        File.SetLastWriteTimeUtc(copy.Combine("build", "bin", "program", ".stamp"), DateTime.UtcNow.AddHours(-1));
        File.AppendAllText(copy.Combine("build", "Arguments.cs"), "\n");
        var lockFile = new FileStream(copy.Combine("build", "bin", ".build.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);

        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = copy.Path, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "pwsh", "-NoProfile", "-NonInteractive", "-File", copy.Combine("build.ps1"), "--target=Version" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var waited = false;
        while (process.StandardError.ReadLine() is { } line)
        {
            if (line.Contains("waiting for another build of build/", StringComparison.Ordinal))
            {
                waited = true;
                break;
            }
        }

        var exitedWhileLocked = process.HasExited;
        lockFile.Dispose();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
        }

        var again = Pwsh(copy.Path, "-File", copy.Combine("build.ps1"), "--target=Version");

        Assert.That(waited, Is.True, error.Result);
        Assert.That(exitedWhileLocked, Is.False);
        Assert.That(process.ExitCode, Is.EqualTo(0), output.Result + error.Result);
        Assert.That(error.Result, Does.Contain("building the build program"));
        Assert.That(output.Result, Does.Contain("Version 0.1.0-dev."));
        Assert.That(again.ExitCode, Is.EqualTo(0), again.ToString());
        Assert.That(again.Error, Does.Not.Contain("building the build program"));
    }
}
