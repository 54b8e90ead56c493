using System.Text.Json;
using Build.Registry;
using Build.Tests.Support;

namespace Build.Tests.EndToEnd;

/// <summary>./build.sh --target=Push against a real registry process, with real buildah; checked with skopeo.</summary>
[NonParallelizable]
public sealed class PushTests
{
    private RegistryProcess _registry = null!;

    [OneTimeSetUp]
    public void StartRegistry() => _registry = new RegistryProcess();

    [OneTimeTearDown]
    public void StopRegistry() => _registry.Dispose();

    private string Repository(string name) => $"{_registry.Address}/acme/{name}";

    [Test]
    public void A_release_tag_pushes_one_index_with_both_platforms_under_every_tag()
    {
        using var repo = ReleaseRepository.Create();
        repo.Tag("v1.2.3");
        var image = Repository("release");

        var result = BuildProgram.Run(repo.Path, ["--target=Push", "--image=" + image], timeout: TimeSpan.FromMinutes(5));

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        var sha = "sha-" + repo.ShortHead;
        Assert.That(Skopeo.Tags(image), Is.EquivalentTo(new[] { "1.2.3", "1.2", "latest", sha }));
        var digests = new[] { "1.2.3", "1.2", "latest", sha }.Select(tag => Skopeo.Digest($"{image}:{tag}")).Distinct().ToList();
        Assert.That(digests, Has.Count.EqualTo(1), "every tag must resolve to one digest");
        Assert.That(result.Output, Does.Contain($"Pushed {image}@{digests[0]} (tags: 1.2.3, 1.2, latest, {sha})"));

        using var index = JsonDocument.Parse(Skopeo.Raw($"{image}:1.2.3"));
        var platforms = index.RootElement.GetProperty("manifests").EnumerateArray()
            .Select(m => m.GetProperty("platform").GetProperty("os").GetString() + "/" + m.GetProperty("platform").GetProperty("architecture").GetString()).ToList();
        Assert.That(platforms, Is.EquivalentTo(new[] { "linux/amd64", "linux/arm64" }));

        foreach (var architecture in new[] { "amd64", "arm64" })
        {
            using var inspect = Skopeo.Inspect($"{image}:1.2.3", architecture);
            var labels = inspect.RootElement.GetProperty("Labels");
            Assert.That(labels.GetProperty("org.opencontainers.image.version").GetString(), Is.EqualTo("1.2.3"));
            Assert.That(labels.GetProperty("org.opencontainers.image.revision").GetString(), Is.EqualTo(repo.Head));
            Assert.That(inspect.RootElement.GetProperty("Architecture").GetString(), Is.EqualTo(architecture));
        }

        using var imageJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(repo.Path, "artifacts", "image.json")));
        Assert.That(imageJson.RootElement.GetProperty("digest").GetString(), Is.EqualTo(digests[0]));
        var recorded = imageJson.RootElement.GetProperty("platforms").EnumerateArray()
            .ToDictionary(p => p.GetProperty("platform").GetString()!, p => p.GetProperty("digest").GetString()!);
        foreach (var manifest in index.RootElement.GetProperty("manifests").EnumerateArray())
        {
            var platform = "linux/" + manifest.GetProperty("platform").GetProperty("architecture").GetString();
            Assert.That(recorded[platform], Is.EqualTo(manifest.GetProperty("digest").GetString()));
        }
    }

    [Test]
    public void A_prerelease_tag_pushes_only_the_version_and_sha_tags()
    {
        using var repo = ReleaseRepository.Create();
        repo.Tag("v1.2.3-rc.1");
        var image = Repository("prerelease");

        var result = BuildProgram.Run(repo.Path, ["--target=Push", "--image=" + image], timeout: TimeSpan.FromMinutes(5));

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(Skopeo.Tags(image), Is.EquivalentTo(new[] { "1.2.3-rc.1", "sha-" + repo.ShortHead }));
    }

    [Test]
    public void No_manifest_of_a_FROM_scratch_image_carries_an_empty_annotation_and_a_rebuild_gives_the_same_index_digest()
    {
        using var repo = ReleaseRepository.Create();
        repo.Tag("v2.1.0");
        var image = Repository("annotations");

        var first = BuildProgram.Run(repo.Path, ["--target=Push", "--image=" + image], timeout: TimeSpan.FromMinutes(5));
        var digest = Skopeo.Digest(image + ":2.1.0");
        Directory.Delete(Path.Combine(repo.Path, "artifacts"), recursive: true);
        var second = BuildProgram.Run(repo.Path, ["--target=Push", "--image=" + image], timeout: TimeSpan.FromMinutes(5));

        Assert.That(first.ExitCode, Is.EqualTo(0), first.ToString());
        Assert.That(second.ExitCode, Is.EqualTo(0), second.ToString());
        Assert.That(Skopeo.Digest(image + ":2.1.0"), Is.EqualTo(digest));
        var index = Skopeo.Raw($"{image}@{digest}");
        var manifests = JsonDocument.Parse(index).RootElement.GetProperty("manifests").EnumerateArray().Select(entry => entry.GetProperty("digest").GetString()!).ToList();
        Assert.That(manifests, Has.Count.EqualTo(2));
        foreach (var raw in manifests.Select(platform => Skopeo.Raw($"{image}@{platform}")).Prepend(index))
        {
            using var json = JsonDocument.Parse(raw);
            if (json.RootElement.TryGetProperty("annotations", out var annotations))
            {
                Assert.That(annotations.EnumerateObject().Where(annotation => annotation.Value.GetString() == string.Empty).Select(annotation => annotation.Name), Is.Empty, raw);
            }

            Assert.That(raw, Does.Not.Contain("org.opencontainers.image.base."), "FROM scratch has no base image to name");
        }
    }

    [Test]
    public void A_missing_Dockerfile_fails_naming_the_setting_and_pushes_nothing()
    {
        using var repo = ReleaseRepository.Create();
        File.Delete(Path.Combine(repo.Path, "tests/fixtures/sample-driver/Dockerfile"));
        repo.Commit("no Dockerfile");
        var image = Repository("no-dockerfile");

        var result = BuildProgram.Run(repo.Path, ["--target=Push", "--image=" + image]);

        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.All, Does.Contain("Release_Dockerfile").And.Contain("does not exist"));
        Assert.That(Skopeo.Tags(image), Is.Empty);
    }

    [Test]
    public void A_failing_build_shows_the_builders_error_and_pushes_nothing()
    {
        using var repo = ReleaseRepository.Create();
        repo.Write("tests/fixtures/sample-driver/Dockerfile", "FROM scratch\nCOPY no-such-file /x\n");
        repo.Commit("broken Dockerfile");
        var image = Repository("broken");

        var result = BuildProgram.Run(repo.Path, ["--target=Push", "--image=" + image]);

        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.All, Does.Contain("buildah build (linux/amd64) failed").And.Contain("no-such-file"));
        Assert.That(Skopeo.Tags(image), Is.Empty);
    }

    [Test]
    public void An_unreachable_registry_fails_before_building_and_names_it()
    {
        using var repo = ReleaseRepository.Create();

        var result = BuildProgram.Run(repo.Path, ["--target=Push", "--image=registry.invalid/acme/rds-csi"]);

        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.All, Does.Contain("registry.invalid"));
        Assert.That(result.Output, Does.Not.Contain("Building linux/amd64"));
        Assert.That(File.Exists(Path.Combine(repo.Path, "artifacts", "image.json")), Is.False);
    }

    [Test]
    public void A_rehearsal_with_no_registry_running_starts_one_and_stops_it_keeping_its_storage()
    {
        using var repo = ReleaseRepository.Create();
        repo.Tag("v3.0.0");
        var port = LocalRegistry.FreeLoopbackPort();
        var image = $"127.0.0.1:{port}/acme/rds-csi";

        var result = BuildProgram.Run(repo.Path, ["--target=Push", "--image=" + image], timeout: TimeSpan.FromMinutes(5));

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.Output, Does.Contain($"Started a rehearsal registry at 127.0.0.1:{port}"));
        Assert.That(LocalRegistry.IsListening("127.0.0.1", port), Is.False, "the registry the run started must be stopped when it ends");

        var storage = Path.Combine(repo.Path, "artifacts", "registry");
        var again = LocalRegistry.Start(storage, "127.0.0.1", port, Path.Combine(repo.Path, "artifacts", "check.log"));
        try
        {
            Assert.That(Skopeo.Tags(image), Does.Contain("3.0.0"));
        }
        finally
        {
            again.Stop();
        }
    }

    [Test]
    public void Publish_mode_refuses_the_sample_image_before_building()
    {
        using var repo = ReleaseRepository.Create();
        repo.Tag("v1.0.0");

        var result = BuildProgram.Run(repo.Path, ["--target=Push", "--mode=publish", "--image=" + Repository("sample")]);

        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.All, Does.Contain("SAMPLE image").And.Contain("Release_Context"));
        Assert.That(result.Output, Does.Not.Contain("Building linux/amd64"));
        Assert.That(Skopeo.Tags(Repository("sample")), Is.Empty);
    }
}
