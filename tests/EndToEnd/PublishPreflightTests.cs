using Build.Tests.Support;

namespace Build.Tests.EndToEnd;

/// <summary>Publish mode refuses what it cannot do properly before anything is pushed (a real registry, a real key).</summary>
[NonParallelizable]
public sealed class PublishPreflightTests : RegistryFixture
{
    /// <summary>A clean, tagged repository that is not the sample image, with a committed key pair for key-based publishing.</summary>
    /// <param name="sidecarRegistry">When given, the chart's sidecars are copied there (<see cref="SidecarMirror"/>) and values.yaml points at it, so that publishing can pin them.</param>
    internal static GitRepository PublishableRepository(string tag, string password, string? changelog = null, string? sidecarRegistry = null)
    {
        var repo = ReleaseRepository.Create();
        if (changelog is not null)
        {
            repo.Write("CHANGELOG.md", changelog);
        }

        var values = Path.Combine(repo.Path, "deploy/helm/rds-csi-driver/values.yaml");
        if (sidecarRegistry is not null)
        {
            SidecarMirror.MirrorInto(values, sidecarRegistry);
        }
        else
        {
            // registry.k8s.io is out of the tests' reach: the sidecars' digests are committed, as a maintainer may.
            Build.Yaml.YamlScalarEditor.SetManyInFile(values, Build.Charts.SidecarDigests.Read(values)
                .Select(sidecar => (sidecar.DigestPath, "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(sidecar.Reference))))));
        }

        var version = tag.TrimStart('v');
        var chart = Path.Combine(repo.Path, "deploy/helm/rds-csi-driver/Chart.yaml");
        File.WriteAllText(chart, File.ReadAllText(chart).Replace("version: 0.1.0", "version: " + version).Replace("appVersion: \"0.1.0\"", $"appVersion: \"{version}\""));
        repo.Write("image/Dockerfile", "FROM scratch\nCOPY driver /driver\nENTRYPOINT [\"/driver\"]\n");
        repo.Write("image/driver", "a driver that is not the sample\n");
        repo.Write("cake.config", "[Release]\nContext=image\nDockerfile=image/Dockerfile\n");
        repo.Commit("a real image context");
        var keys = BuildProgram.Run(repo.Path, ["--target=GenerateKeys"], new Dictionary<string, string?> { ["COSIGN_PASSWORD"] = password });
        Assert.That(keys.ExitCode, Is.EqualTo(0), keys.ToString());
        repo.Commit("the release public key");
        repo.Tag(tag);
        return repo;
    }

    [Test]
    public void Publish_mode_without_trivy_fails_before_anything_is_pushed_naming_trivy()
    {
        using var repo = PublishableRepository("v1.0.0", "pw-secret");
        const string repository = "acme/unscanned";
        using var path = ToolPath.With(ToolPath.Release);

        var result = BuildProgram.Run(
            repo.Path,
            ["--target=Scan", "--mode=publish", $"--image={Registry.Address}/{repository}", "--signing-key=cosign.key"],
            new Dictionary<string, string?> { ["COSIGN_PASSWORD"] = "pw-secret", ["PATH"] = path.Value });

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.All, Does.Contain("'trivy' is not installed (needed by Scan (publish mode never releases unscanned))").And.Contain("trivy.dev"));
        Assert.That(result.Output, Does.Not.Contain("Building linux/amd64"));
        Assert.That(Http.Tags(repository), Is.Empty);
    }

    [Test]
    public void Publish_mode_with_a_sidecar_it_cannot_pin_fails_before_anything_is_pushed_naming_the_sidecar_with_a_FakeTrivy()
    {
        using var repo = PublishableRepository("v1.0.0", "pw-secret");
        using var trivy = new FakeTool("trivy", "exit 0\n");
        var closed = $"127.0.0.1:{Build.Registry.LocalRegistry.FreeLoopbackPort()}";
        var values = Path.Combine(repo.Path, "deploy/helm/rds-csi-driver/values.yaml");
        File.WriteAllText(values, File.ReadAllText(values).Replace("repository: registry.k8s.io/sig-storage/csi-attacher", $"repository: {closed}/sig-storage/csi-attacher"));
        Build.Yaml.YamlScalarEditor.SetManyInFile(values, [(["sidecars", "attacher", "image", "digest"], string.Empty)]);
        repo.Commit("the attacher from a registry nobody serves");
        repo.Tag("v1.0.1");
        const string repository = "acme/unpinnable";
        using var path = ToolPath.With(ToolPath.Release);

        var result = BuildProgram.Run(
            repo.Path,
            ["--target=HelmPackage", "--mode=publish", $"--image={Registry.Address}/{repository}", "--signing-key=cosign.key"],
            new Dictionary<string, string?> { ["COSIGN_PASSWORD"] = "pw-secret", ["PATH"] = trivy.Directory + ":" + path.Value });

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.All, Does.Contain($"the chart's sidecar {closed}/sig-storage/csi-attacher:").And.Contain("cannot be pinned by digest"));
        Assert.That(result.Output, Does.Not.Contain("Building linux/amd64"));
        Assert.That(Http.Tags(repository), Is.Empty);
    }
}
