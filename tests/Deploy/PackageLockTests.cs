using System.Text.Json;
using System.Xml.Linq;
using Build.Tests.Support;

namespace Build.Tests.Deploy;

/// <summary>
/// The build's own NuGet dependencies are locked: real <c>dotnet restore</c> runs on a copy of build/ (its project, the
/// repository's Directory.Build.props and global.json, its lock file) with one thing changed.
/// </summary>
public sealed class PackageLockTests
{
    private static readonly string[] ScriptRuntimes = ["linux-x64", "linux-arm64", "osx-x64", "osx-arm64", "win-x64", "win-arm64"];

    private static string HostRuntime => System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier;

    private TempDirectory _copy = null!;

    [SetUp]
    public void SetUp()
    {
        _copy = new TempDirectory("package-lock");
        foreach (var file in new[] { "Directory.Build.props", "global.json", "build/Build.csproj", "build/CakeEngine.props", "build/packages.lock.json", $"build/locks/packages.{HostRuntime}.lock.json" })
        {
            _copy.Write(file, RepositoryFiles.Text(file));
        }
    }

    [TearDown]
    public void TearDown() => _copy.Dispose();

    private ProcessResult Dotnet(params string[] arguments) =>
        Run.Process("dotnet", arguments, _copy.Path, new Dictionary<string, string?> { ["CI"] = null, ["ContinuousIntegrationBuild"] = null }, TimeSpan.FromMinutes(3));

    private void Edit(string relative, string from, string to)
    {
        var text = File.ReadAllText(_copy.Combine(relative));
        Assert.That(text, Does.Contain(from), $"{relative} no longer has what the test changes");
        File.WriteAllText(_copy.Combine(relative), text.Replace(from, to, StringComparison.Ordinal));
    }

    [TestCase("build/Build.csproj", "build/packages.lock.json")]
    [TestCase("tests/Build.Tests.csproj", "tests/packages.lock.json")]
    public void Each_project_has_a_lock_file_that_names_every_package_reference_with_its_content_hash(string project, string lockFile)
    {
        var references = XDocument.Parse(RepositoryFiles.Text(project)).Descendants("PackageReference")
            .ToDictionary(reference => (string)reference.Attribute("Include")!, reference => (string)reference.Attribute("Version")!);
        using var locked = JsonDocument.Parse(RepositoryFiles.Text(lockFile));
        var packages = locked.RootElement.GetProperty("dependencies").GetProperty("net10.0");

        Assert.That(references, Is.Not.Empty);
        foreach (var (name, version) in references)
        {
            Assert.That(packages.TryGetProperty(name, out var package), Is.True, $"{lockFile} lacks {name}");
            Assert.That(package.GetProperty("type").GetString(), Is.EqualTo("Direct"), name);
            Assert.That(package.GetProperty("resolved").GetString(), Is.EqualTo(version), name);
        }

        Assert.That(packages.EnumerateObject().Select(package => package.Value.TryGetProperty("contentHash", out var hash) ? hash.GetString() : "project"),
            Is.All.Not.Empty);
    }

    [Test]
    public void Each_runtime_lock_file_that_build_sh_and_build_ps1_restore_with_holds_the_same_packages()
    {
        using var common = JsonDocument.Parse(RepositoryFiles.Text("build/packages.lock.json"));
        var packages = common.RootElement.GetProperty("dependencies").GetProperty("net10.0").ToString();

        foreach (var runtime in ScriptRuntimes)
        {
            using var locked = JsonDocument.Parse(RepositoryFiles.Text($"build/locks/packages.{runtime}.lock.json"));
            var targets = locked.RootElement.GetProperty("dependencies").EnumerateObject().ToDictionary(target => target.Name, target => target.Value.ToString());

            Assert.That(targets.Keys, Is.EquivalentTo(new[] { "net10.0", $"net10.0/{runtime}" }), runtime);
            Assert.That(targets["net10.0"], Is.EqualTo(packages), runtime);
        }

        Assert.That(RepositoryFiles.Text("build.sh"), Does.Contain("arch=x64").And.Contain("arch=arm64").And.Contain("os=linux").And.Contain("os=osx"));
        Assert.That(RepositoryFiles.Text("build.ps1"), Does.Contain("\"win-$arch\"").And.Contain("'x64', 'arm64'"));
    }

    [TestCase(false)]
    [TestCase(true)]
    public void A_restore_outside_CI_is_locked_and_refuses_a_package_version_the_lock_file_does_not_have(bool forTheHostRuntime)
    {
        Edit("build/Build.csproj", "\"Semver\" Version=\"3.0.0\"", "\"Semver\" Version=\"2.3.0\"");

        var restore = forTheHostRuntime ? Dotnet("restore", "build/Build.csproj", $"-p:RuntimeIdentifier={HostRuntime}") : Dotnet("restore", "build/Build.csproj");

        Assert.That(restore.ExitCode, Is.Not.EqualTo(0), restore.ToString());
        Assert.That(restore.All, Does.Contain("NU1004").And.Contain("Semver"));
    }

    [Test]
    public void A_package_whose_content_differs_from_the_locked_hash_fails_the_restore()
    {
        var lockFile = _copy.Combine("build/packages.lock.json");
        using (var locked = JsonDocument.Parse(File.ReadAllText(lockFile)))
        {
            var hash = locked.RootElement.GetProperty("dependencies").GetProperty("net10.0").GetProperty("YamlDotNet").GetProperty("contentHash").GetString()!;
            Edit("build/packages.lock.json", hash, Convert.ToBase64String(new byte[64]));
        }

        var restore = Dotnet("restore", "build/Build.csproj");

        Assert.That(restore.ExitCode, Is.Not.EqualTo(0), restore.ToString());
        Assert.That(restore.All, Does.Contain("NU1403").And.Contain("YamlDotNet"));
    }

    [Test]
    public void The_restores_of_the_repository_as_committed_succeed_in_locked_mode_with_and_without_a_runtime()
    {
        var restore = Dotnet("restore", "build/Build.csproj", "-p:RestoreLockedMode=true");
        var forRuntime = Dotnet("restore", "build/Build.csproj", $"-p:RuntimeIdentifier={HostRuntime}", "-p:RestoreLockedMode=true");

        Assert.That(restore.ExitCode, Is.EqualTo(0), restore.ToString());
        Assert.That(forRuntime.ExitCode, Is.EqualTo(0), forRuntime.ToString());
    }

    [Test]
    public void The_cake_engine_package_outside_the_lock_file_is_checked_against_its_pinned_content_hash()
    {
        var restore = Dotnet("restore", "build/Build.csproj");
        Assert.That(restore.ExitCode, Is.EqualTo(0), restore.ToString());
        Edit("build/CakeEngine.props", "<CakeToolContentHash>3YDOW", "<CakeToolContentHash>tampered3YDOW");

        var check = Dotnet("msbuild", "build/Build.csproj", "-t:CheckCakeToolContentHash", "-nologo");

        Assert.That(check.ExitCode, Is.Not.EqualTo(0), check.ToString());
        Assert.That(check.All, Does.Contain("Cake.Tool 7.0.0").And.Contain("not the pinned 'tampered3YDOW"));
    }
}
