using Build.Tests.Support;

namespace Build.Tests.Deploy;

/// <summary>yamllint (the real tool, a Debian package) with the repository's .yamllint on deploy/ and .github/.</summary>
public sealed class YamllintTests
{
    [Test]
    public void Deploy_and_github_pass_yamllint_with_the_repository_settings()
    {
        var result = Yamllint(RepositoryFiles.Root, "deploy", ".github", ".yamllint");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Output, Does.Not.Contain("[error]"));
    }

    [Test]
    public void The_settings_skip_helm_templates_but_still_reject_broken_yaml()
    {
        using var folder = new TempDirectory("yamllint");
        File.Copy(RepositoryFiles.PathOf(".yamllint"), folder.Combine(".yamllint"));
        folder.Write("deploy/helm/demo/templates/deployment.yaml", "metadata:\n  {{- include \"demo.labels\" . | nindent 2 }}\n");
        folder.Write("deploy/broken.yaml", "key: [unclosed\n");

        var result = Yamllint(folder.Path, "deploy");

        Assert.That(result.ExitCode, Is.Not.Zero);
        Assert.That(result.Output, Does.Contain("deploy/broken.yaml").And.Contain("[error]"));
        Assert.That(result.Output, Does.Not.Contain("templates/deployment.yaml"));
    }

    private static ProcessResult Yamllint(string root, params string[] paths)
    {
        if (!File.Exists("/usr/bin/yamllint") && !(Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Any(directory => File.Exists(Path.Combine(directory, "yamllint"))))
        {
            Assert.Ignore("yamllint is not installed (apt-get install yamllint; .ci/run installs it).");
        }

        return Run.Process("yamllint", ["-c", Path.Combine(root, ".yamllint"), "-f", "parsable", .. paths], root);
    }
}
