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
    public void A_symlink_to_build_sh_elsewhere_runs_the_program_on_the_repository_and_builds_nothing_beside_the_link()
    {
        using var clone = RepositoryCopy.Create(withBuiltProgram: true);
        using var elsewhere = new TempDirectory("rdscsi-bin");
        // A chain, as ~/bin/build.sh -> a relative link -> the repository's build.sh; the first link sits in a build/ folder,
        // the layout that once made build.sh compile into build/build/bin.
        Directory.CreateDirectory(elsewhere.Combine("build"));
        File.CreateSymbolicLink(elsewhere.Combine("repo-build.sh"), clone.Combine("build.sh"));
        File.CreateSymbolicLink(elsewhere.Combine("build", "build.sh"), "../repo-build.sh");

        var result = Run.Process("bash", ["build.sh", "--target=Version"], elsewhere.Combine("build"));

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.Error, Does.Not.Contain("building the build program"), "the clone's program is up to date");
        Assert.That(result.Output, Does.Contain("Version 0.1.0-dev."));
        Assert.That(File.Exists(clone.Combine("artifacts", "version.json")), Is.True, "the program ran on the repository");
        Assert.That(Directory.Exists(elsewhere.Combine("build", "build")), Is.False);
        Assert.That(Directory.Exists(elsewhere.Combine("build", "bin")), Is.False);
    }

    [Test]
    public void A_build_sh_outside_a_repository_writes_nothing_and_says_why()
    {
        using var elsewhere = new TempDirectory("rdscsi-stray");
        File.Copy(Path.Combine(BuildProgram.RepositoryRoot, "build.sh"), elsewhere.Combine("build.sh"));

        var result = Run.Process("bash", [elsewhere.Combine("build.sh"), "--target=Version"], elsewhere.Path);

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.Error, Does.Contain("is not the repository (it has no build/Build.csproj)"));
        Assert.That(Directory.EnumerateFileSystemEntries(elsewhere.Path), Is.EqualTo(new[] { elsewhere.Combine("build.sh") }));
    }

    [Test]
    public void No_build_output_is_tracked_and_every_bin_and_obj_is_ignored_but_the_fixture_binaries()
    {
        var root = BuildProgram.RepositoryRoot;
        var tracked = Run.Git(root, "ls-files").Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var ignored = Run.Process("git", ["check-ignore", "--no-index", "build/bin/program/Build", "build/build/bin/build.log", "tests/obj/x", "deploy/obj/x", "tests/fixtures/sample-driver/bin/amd64/rds-csi-driver"], root).Output;

        Assert.That(tracked.Where(file => file.Split('/').Any(part => part is "bin" or "obj")), Is.All.StartsWith("tests/fixtures/sample-driver/bin/"));
        Assert.That(tracked, Does.Contain("tests/fixtures/sample-driver/bin/amd64/rds-csi-driver"));
        Assert.That(ignored.Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[] { "build/bin/program/Build", "build/build/bin/build.log", "tests/obj/x", "deploy/obj/x" }));
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
