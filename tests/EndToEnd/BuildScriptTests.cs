using System.Diagnostics;
using Build.Tests.Support;

namespace Build.Tests.EndToEnd;

/// <summary>build.sh on a fresh copy of this repository: builds once, then starts the built program directly.</summary>
[NonParallelizable]
public sealed class BuildScriptTests
{
    [Test]
    public void A_fresh_clone_builds_once_and_a_second_run_starts_without_building()
    {
        using var clone = RepositoryCopy.Create();
        Run.Git(clone.Path, "tag", "v1.2.3-rc.1");
        var sha = Run.Git(clone.Path, "rev-parse", "--short=7", "HEAD").Output.Trim();
        var script = clone.Combine("build.sh");

        var first = Run.Process("bash", [script, "--target=Version"], clone.Path, timeout: TimeSpan.FromMinutes(10));
        var watch = Stopwatch.StartNew();
        var second = Run.Process("bash", [script, "--target=Version"], clone.Path);
        watch.Stop();

        Assert.That(first.ExitCode, Is.EqualTo(0), first.ToString());
        Assert.That(first.Error, Does.Contain("building the build program"));
        Assert.That(first.Output, Does.Contain("Version 1.2.3-rc.1\n").And.Contain($"Tags 1.2.3-rc.1, sha-{sha}\n"));
        Assert.That(second.ExitCode, Is.EqualTo(0), second.ToString());
        Assert.That(second.Error, Does.Not.Contain("building the build program"));
        Assert.That(second.Output, Does.Contain("Version 1.2.3-rc.1\n"));
        TestContext.Out.WriteLine($"second ./build.sh --target=Version took {watch.ElapsedMilliseconds} ms");

        File.AppendAllText(clone.Combine("build", "Arguments.cs"), "\n");
        var third = Run.Process("bash", [script, "--target=Version"], clone.Path, timeout: TimeSpan.FromMinutes(10));
        Assert.That(third.ExitCode, Is.EqualTo(0), third.ToString());
        Assert.That(third.Error, Does.Contain("building the build program"), "a changed source must trigger a rebuild");
    }

    [Test]
    public void Without_dotnet_build_sh_says_what_to_install()
    {
        using var bin = new TempDirectory("rdscsi-nodotnet");
        foreach (var tool in new[] { "bash", "dirname", "find", "uname", "touch", "mkdir", "mv", "cat", "grep", "tr" })
        {
            var path = Run.Process("bash", ["-c", "command -v " + tool]).Output.Trim();
            File.CreateSymbolicLink(bin.Combine(tool), path);
        }

        var result = Run.Process(bin.Combine("bash"), [Path.Combine(BuildProgram.RepositoryRoot, "build.sh"), "--target=Version"], environment: new Dictionary<string, string?> { ["PATH"] = bin.Path });

        Assert.That(result.ExitCode, Is.EqualTo(127));
        Assert.That(result.Error, Does.Contain(".NET SDK 10 is required").And.Contain("dot.net"));
    }
}
