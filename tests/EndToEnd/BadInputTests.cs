using Build.Tests.Support;

namespace Build.Tests.EndToEnd;

/// <summary>
/// Every kind of bad input is refused before anything is pushed, with a message that names the input and the fix:
/// each test checks the message, a non-zero exit and that the registry received nothing.
/// </summary>
[NonParallelizable]
public sealed class BadInputTests : RegistryFixture
{
    /// <summary>What a publish run needs to get past the tool preflight here: the key's password, a token and a fake trivy, on a PATH of exactly the release tools.</summary>
    private static Dictionary<string, string?> PublishEnvironment(FakeTool trivy, ToolPath path) => new()
    {
        ["COSIGN_PASSWORD"] = "pw-secret",
        ["GITHUB_TOKEN"] = "ghs_badInputTestToken42",
        ["PATH"] = trivy.Directory + ":" + path.Value,
    };

    private ProcessResult Refused(GitRepository repo, string repository, string expected, IEnumerable<string> arguments, IDictionary<string, string?>? environment = null)
    {
        var result = BuildProgram.Run(repo.Path, ["--target=Release", $"--image={Registry.Address}/{repository}", .. arguments], environment);
        Assert.That(result.ExitCode, Is.Not.EqualTo(0), result.ToString());
        Assert.That(result.All, Does.Contain(expected));
        Assert.That(Http.Tags(repository), Is.Empty, "nothing may be pushed");
        return result;
    }

    [Test]
    public void An_invalid_version_tag()
    {
        using var repo = ReleaseRepository.Create();
        repo.Tag("v1.2");

        Refused(repo, "bad/tag", "Tag 'v1.2' on HEAD is not a valid version", []);
    }

    [Test]
    public void A_release_tag_not_on_HEAD_in_publish_mode_with_a_FakeTrivy()
    {
        using var repo = PublishPreflightTests.PublishableRepository("v1.0.0", "pw-secret");
        using var trivy = new FakeTool("trivy", "exit 0\n");
        repo.Commit("after the tag");

        using var path = ToolPath.With(ToolPath.Release);
        Refused(repo, "bad/not-on-head", "needs a version tag on HEAD", ["--mode=publish", "--signing-key=cosign.key"], PublishEnvironment(trivy, path));
    }

    [Test]
    public void A_dirty_tree_in_publish_mode_with_a_FakeTrivy()
    {
        using var repo = PublishPreflightTests.PublishableRepository("v1.0.0", "pw-secret");
        using var trivy = new FakeTool("trivy", "exit 0\n");
        repo.Write("image/driver", "changed but not committed\n");

        using var path = ToolPath.With(ToolPath.Release);
        Refused(repo, "bad/dirty", "needs a clean work tree; uncommitted: M image/driver", ["--mode=publish", "--signing-key=cosign.key"], PublishEnvironment(trivy, path));
    }

    [Test]
    public void A_version_already_released_from_another_commit()
    {
        using var repo = ReleaseRepository.Create();
        repo.Tag("v1.0.0");
        var image = $"{Registry.Address}/bad/released";
        Assert.That(BuildProgram.Run(repo.Path, ["--target=Push", "--image=" + image], timeout: TimeSpan.FromMinutes(5)).ExitCode, Is.EqualTo(0));
        var released = Skopeo.Digest(image + ":1.0.0");
        Directory.Delete(Path.Combine(repo.Path, "artifacts"), recursive: true);
        repo.Write("tests/fixtures/sample-driver/rootfs/etc/extra", "different content\n");
        repo.Commit("different content, same version");
        Run.Git(repo.Path, "tag", "-f", "v1.0.0");

        var result = BuildProgram.Run(repo.Path, ["--target=Push", "--image=" + image]);

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.All, Does.Contain("is already released from another commit").And.Contain("Release a new version"));
        Assert.That(Skopeo.Digest(image + ":1.0.0"), Is.EqualTo(released), "the released tag must not move");
    }

    [Test]
    public void A_missing_Chart_yaml()
    {
        using var repo = ReleaseRepository.Create();
        File.Delete(Path.Combine(repo.Path, "deploy/helm/rds-csi-driver/Chart.yaml"));
        repo.Commit("no chart");

        Refused(repo, "bad/no-chart", "Release_Chart", []);
    }

    [Test]
    public void A_Chart_yaml_that_is_not_YAML()
    {
        using var repo = ReleaseRepository.Create();
        repo.Write("deploy/helm/rds-csi-driver/Chart.yaml", "name: [unclosed\nversion: {\n");
        repo.Commit("broken chart");

        var result = Refused(repo, "bad/chart-yaml", "Release_Chart", []);
        Assert.That(result.All, Does.Contain("Chart.yaml"));
    }

    [Test]
    public void A_missing_Dockerfile()
    {
        using var repo = ReleaseRepository.Create();
        File.Delete(Path.Combine(repo.Path, "tests/fixtures/sample-driver/Dockerfile"));
        repo.Commit("no Dockerfile");

        Refused(repo, "bad/no-dockerfile", "Release_Dockerfile", []);
    }

    [TestCase("--builder=kaniko", "--builder 'kaniko' is not known; use one of auto, buildx, buildah")]
    [TestCase("--mode=yolo", "--mode 'yolo' is not known; use one of rehearsal, publish")]
    public void An_unknown_builder_or_mode(string argument, string expected)
    {
        using var repo = ReleaseRepository.Create();

        Refused(repo, "bad/unknown-" + argument.Split('=')[0].TrimStart('-'), expected, [argument]);
    }

    [Test]
    public void A_tool_missing_in_publish_mode()
    {
        using var repo = PublishPreflightTests.PublishableRepository("v1.0.0", "pw-secret");
        using var path = ToolPath.With(ToolPath.Release);

        Refused(repo, "bad/no-trivy", "'trivy' is not installed", ["--mode=publish", "--signing-key=cosign.key"], new Dictionary<string, string?> { ["COSIGN_PASSWORD"] = "pw-secret", ["GITHUB_TOKEN"] = "ghs_badInputTestToken42", ["PATH"] = path.Value });
    }

    [TestCase("wrong-password", "COSIGN_PASSWORD")]
    [TestCase(null, "COSIGN_PASSWORD is not set")]
    public void A_wrong_or_missing_COSIGN_PASSWORD_for_a_key(string? password, string expected)
    {
        using var repo = PublishPreflightTests.PublishableRepository("v1.0.0", "right-password");

        var result = Refused(repo, "bad/password-" + (password is null ? "missing" : "wrong"), expected, ["--signing-key=cosign.key"], new Dictionary<string, string?> { ["COSIGN_PASSWORD"] = password });
        Assert.That(result.All, Does.Not.Contain("wrong-password"));
    }

    [Test]
    public void A_missing_GITHUB_TOKEN_in_publish_mode()
    {
        using var repo = PublishPreflightTests.PublishableRepository("v1.0.0", "pw-secret");

        Refused(repo, "bad/no-token", "GITHUB_TOKEN is not set", ["--mode=publish", "--signing-key=cosign.key"], new Dictionary<string, string?> { ["COSIGN_PASSWORD"] = "pw-secret", ["GITHUB_TOKEN"] = null });
    }

    [Test]
    public void An_unreachable_registry_after_retries_with_a_FakeTrivy()
    {
        using var repo = PublishPreflightTests.PublishableRepository("v1.0.0", "pw-long");
        using var trivy = new FakeTool("trivy", "exit 0\n");
        var closedPort = Build.Registry.LocalRegistry.FreeLoopbackPort();
        using var path = ToolPath.With(ToolPath.Release);

        var result = BuildProgram.Run(
            repo.Path,
            ["--target=Release", "--mode=publish", "--signing-key=cosign.key", $"--image=127.0.0.1:{closedPort}/bad/unreachable"],
            new Dictionary<string, string?> { ["COSIGN_PASSWORD"] = "pw-long", ["GITHUB_TOKEN"] = "ghs_badInputTestToken42", ["PATH"] = trivy.Directory + ":" + path.Value });

        Assert.That(result.ExitCode, Is.Not.EqualTo(0), result.ToString());
        Assert.That(result.All, Does.Contain($"Nothing listens at 127.0.0.1:{closedPort}"));
    }

    [Test]
    public void An_unresolvable_registry()
    {
        using var repo = ReleaseRepository.Create();

        var result = BuildProgram.Run(repo.Path, ["--target=Release", "--image=registry.invalid/bad/unreachable", "--Release_RetryDelay=0.05"]);

        Assert.That(result.ExitCode, Is.Not.EqualTo(0), result.ToString());
        Assert.That(result.All, Does.Contain("registry.invalid").And.Contain("unreachable"));
    }

    [Test]
    public void An_insecure_registry_that_is_not_loopback()
    {
        using var repo = ReleaseRepository.Create();

        var result = BuildProgram.Run(repo.Path, ["--target=Release", "--image=http://registry.invalid/bad/insecure"]);

        Assert.That(result.ExitCode, Is.Not.EqualTo(0), result.ToString());
        Assert.That(result.All, Does.Contain("--image 'http://registry.invalid/bad/insecure' asks for plain HTTP").And.Contain("not a loopback address"));
    }

    [Test]
    public void An_unknown_target()
    {
        using var repo = ReleaseRepository.Create();

        var result = BuildProgram.Run(repo.Path, ["--target=Relase", $"--image={Registry.Address}/bad/typo"]);

        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.All, Does.Contain("Unknown target 'Relase' (did you mean Release?). Known targets:").And.Contain("Release"));
        Assert.That(Http.Tags("bad/typo"), Is.Empty);
    }
}
