using System.Text;
using Build.Tests.Support;

namespace Build.Tests.EndToEnd;

/// <summary>
/// A committed link in what the release copies from the repository (the chart, the manifests) to the build's own secrets
/// or the host's files: the real program, on a real repository, against a real registry, must refuse it by name and
/// publish nothing; the secret appears nowhere (output, artifacts, registry).
/// </summary>
[NonParallelizable]
public sealed class ChartLinkTests
{
    private const string Secret = "ghp_FAKEsecretOfTheBuildHost0123456789abcd";

    private static void CommitLink(GitRepository repo, string relative, string target)
    {
        var path = Path.Combine(repo.Path, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.CreateSymbolicLink(path, target);
        Run.Git(repo.Path, "add", "-A");
        Run.Git(repo.Path, "commit", "-q", "-m", "add " + relative);
    }

    [Test]
    public void A_chart_link_to_proc_self_environ_stops_the_release_naming_the_file_and_publishes_no_secret()
    {
        using var registry = new RegistryProcess();
        using var repo = ReleaseRepository.Create();
        CommitLink(repo, "deploy/helm/rds-csi-driver/environ", "/proc/self/environ");
        repo.Tag("v2.4.0");
        var image = $"{registry.Address}/acme/leaky";

        var result = BuildProgram.Run(repo.Path, ["--target=Release", "--image=" + image], new Dictionary<string, string?> { ["GITHUB_TOKEN"] = Secret }, TimeSpan.FromMinutes(10));

        Assert.That(result.ExitCode, Is.Not.EqualTo(0), result.ToString());
        Assert.That(result.All, Does.Contain(Path.Combine(repo.Path, "deploy/helm/rds-csi-driver/environ")).And.Contain("/proc/self/environ").And.Contain("leaves"));
        Assert.That(Skopeo.Tags(image), Is.Empty, "refused by the preflight: not even the image was pushed, signed or attested");
        Assert.That(result.All, Does.Not.Contain(Secret));
        Assert.That(FilesHolding(Path.Combine(repo.Path, "artifacts"), Secret), Is.Empty, "no artifact holds the secret");
        Assert.That(Skopeo.Tags($"{registry.Address}/acme/rds-csi-driver"), Is.Empty, "no chart was pushed");
        Assert.That(Directory.Exists(Path.Combine(repo.Path, "artifacts", "release")), Is.False, "no release bundle");
    }

    [Test]
    public void A_helmignore_that_drops_every_template_stops_the_release_before_the_image_is_pushed()
    {
        using var registry = new RegistryProcess();
        using var repo = ReleaseRepository.Create();
        File.AppendAllText(Path.Combine(repo.Path, "deploy/helm/rds-csi-driver/.helmignore"), "\ntemplates/\n");
        Run.Git(repo.Path, "commit", "-q", "-am", "ignore every template");
        repo.Tag("v2.4.1");
        var image = $"{registry.Address}/acme/empty-chart";

        var result = BuildProgram.Run(repo.Path, ["--target=Release", "--image=" + image], timeout: TimeSpan.FromMinutes(10));

        Assert.That(result.ExitCode, Is.Not.EqualTo(0), result.ToString());
        Assert.That(result.All, Does.Contain(Path.Combine(repo.Path, "deploy/helm/rds-csi-driver/.helmignore") + " excludes every file in"));
        Assert.That(Skopeo.Tags(image), Is.Empty, "refused by the preflight: no image pushed");
        Assert.That(Skopeo.Tags($"{registry.Address}/acme/rds-csi-driver"), Is.Empty, "no chart pushed");
    }

    [Test]
    public void CheckDeploy_names_every_link_out_of_the_chart_and_the_manifests_and_prints_none_of_their_content()
    {
        using var repo = ReleaseRepository.Create();
        using var outside = new TempDirectory("outside");
        var secretFile = outside.Write("token.yaml", "token: " + Secret + "\n");
        CommitLink(repo, "deploy/helm/rds-csi-driver/passwd", "/etc/passwd");
        CommitLink(repo, "deploy/helm/rds-csi-driver/templates/apt", "/etc/apt");
        CommitLink(repo, "deploy/kubernetes/extra.yaml", secretFile);

        var result = BuildProgram.Run(repo.Path, ["--target=CheckDeploy"]);

        Assert.That(result.ExitCode, Is.Not.EqualTo(0), result.ToString());
        foreach (var link in new[] { "deploy/helm/rds-csi-driver/passwd", "deploy/helm/rds-csi-driver/templates/apt", "deploy/kubernetes/extra.yaml" })
        {
            Assert.That(result.All, Does.Contain(Path.Combine(repo.Path, link) + " (a link to "), link);
        }

        Assert.That(result.All, Does.Not.Contain(Secret).And.Not.Contain("root:x:0:0"));
    }

    [Test]
    public void A_link_that_stays_inside_the_chart_is_released_as_its_targets_content()
    {
        using var registry = new RegistryProcess();
        using var repo = ReleaseRepository.Create();
        CommitLink(repo, "deploy/helm/rds-csi-driver/LICENSE-COPY.md", "values.yaml");
        repo.Tag("v2.5.0");

        var result = BuildProgram.Run(repo.Path, ["--target=Release", "--image=" + $"{registry.Address}/acme/inside"], timeout: TimeSpan.FromMinutes(10));

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        var package = Path.Combine(repo.Path, "artifacts", "release", "2.5.0", "rds-csi-driver-2.5.0.tgz");
        var listing = Run.Process("tar", ["-tvzf", package]);
        Assert.That(listing.Output, Does.Match(@"(?m)^-rw-r--r-- .* rds-csi-driver/LICENSE-COPY\.md$"), "a regular file, not a link");
        var copy = Run.Process("tar", ["-xzOf", package, "rds-csi-driver/LICENSE-COPY.md"]);
        Assert.That(copy.Output, Is.EqualTo(File.ReadAllText(Path.Combine(repo.Path, "deploy/helm/rds-csi-driver/values.yaml"))));
    }

    private static List<string> FilesHolding(string directory, string text)
    {
        var needle = Encoding.UTF8.GetBytes(text);
        return Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = true })
                .Where(file => new FileInfo(file) is { LinkTarget: null, Length: < 64 * 1024 * 1024 } && File.ReadAllBytes(file).AsSpan().IndexOf(needle) >= 0)
                .ToList()
            : [];
    }
}
