using Build.Tests.HelmRepository;
using Build.Tests.Support;

namespace Build.Tests.EndToEnd;

/// <summary>
/// Two rehearsals in one clone (v1.2.3, then v1.3.0 on a new commit) against a real registry leave one Helm repository
/// in artifacts/helm-repo; it is checked without the program's code: YamlDotNet reads the index, sha256sum hashes the
/// packages, and python's http.server serves the folder as GitHub Pages would (helm itself is not installed here).
/// </summary>
[NonParallelizable]
public sealed class HelmRepositoryTests
{
    [Test]
    public void Two_rehearsals_leave_both_versions_newest_first_each_digest_the_sha256sum_of_its_package_and_both_downloadable_by_their_entry_url()
    {
        using var registry = new RegistryProcess();
        using var repo = ReleaseRepository.Create("cake.config");
        string[] release = ["--target=Release", $"--image={registry.Address}/acme/helm-repo"];
        var folder = Path.Combine(repo.Path, "artifacts", "helm-repo");

        repo.Tag("v1.2.3");
        var first = BuildProgram.Run(repo.Path, release, timeout: TimeSpan.FromMinutes(10));
        Assert.That(first.ExitCode, Is.EqualTo(0), first.ToString());
        repo.Commit("the next release", "next.txt", "next\n");
        repo.Tag("v1.3.0");
        var second = BuildProgram.Run(repo.Path, release, timeout: TimeSpan.FromMinutes(10));
        Assert.That(second.ExitCode, Is.EqualTo(0), second.ToString());
        Assert.That(second.Output, Does.Contain($"Helm repository: added rds-csi-driver 1.3.0 to {Path.Combine(folder, "index.yaml")}"));

        var index = File.ReadAllText(Path.Combine(folder, "index.yaml"));
        var lint = Run.Process("yamllint", ["-f", "parsable", "-d", "{extends: relaxed, rules: {line-length: disable}}", "index.yaml"], folder);
        Assert.That((lint.ExitCode, lint.Output), Is.EqualTo((0, string.Empty)), "yamllint finds nothing in the index");
        var entries = LocalHelmRepositoryTests.Entries(index, "rds-csi-driver");
        Assert.That(entries.Select(entry => entry.Version), Is.EqualTo(new[] { "1.3.0", "1.2.3" }), "newest first");
        foreach (var (version, digest, url) in entries)
        {
            Assert.That(url, Is.EqualTo($"rds-csi-driver-{version}.tgz"), "a relative URL");
            Assert.That(digest, Is.EqualTo(HelmCharts.Sha256Sum(Path.Combine(folder, url))), $"sha256sum of {url} in the repository");
            Assert.That(digest, Is.EqualTo(HelmCharts.Sha256Sum(Path.Combine(repo.Path, "artifacts", "release", version, url))), $"the released {url}");
            var provenance = Path.Combine(folder, url + ".prov");
            Assert.That(File.Exists(provenance), Is.True, $"{url}.prov sits next to {url}, where helm install --verify looks for it");
            Assert.That(File.ReadAllText(provenance), Does.Contain($"{url}: sha256:{digest}"), "the .prov names this package's digest");
        }

        using var server = new StaticFileServer(folder);
        var served = LocalHelmRepositoryTests.Entries(System.Text.Encoding.UTF8.GetString(server.Get(new Uri(server.BaseUri, "index.yaml"))), "rds-csi-driver");
        Assert.That(served, Is.EqualTo(entries));
        foreach (var (version, digest, url) in served)
        {
            Assert.That(StaticFileServer.Sha256(server.Get(new Uri(server.BaseUri, url))), Is.EqualTo(digest), $"{version} downloaded by its entry URL");
        }

        var again = BuildProgram.Run(repo.Path, release, timeout: TimeSpan.FromMinutes(10));
        Assert.That(again.ExitCode, Is.EqualTo(0), again.ToString());
        Assert.That(File.ReadAllText(Path.Combine(folder, "index.yaml")), Is.EqualTo(index), "re-running the finished release changes no byte of the index");
        Assert.That(again.Output, Does.Contain("already lists rds-csi-driver 1.3.0"));

        var verify = BuildProgram.Run(repo.Path, ["--target=VerifyRelease", "--version=1.2.3", $"--image={registry.Address}/acme/helm-repo"]);
        Assert.That(verify.ExitCode, Is.EqualTo(0), verify.ToString());
        Assert.That(verify.Output, Does.Contain("lists rds-csi-driver 1.2.3 with the digest of the released rds-csi-driver-1.2.3.tgz"));
    }
}
