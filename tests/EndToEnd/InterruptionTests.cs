using System.Text.Json;
using Build.Tests.Support;

namespace Build.Tests.EndToEnd;

/// <summary>A release killed with SIGKILL half-way, then run again: it completes, with nothing pushed or uploaded twice.</summary>
[NonParallelizable]
public sealed class InterruptionTests
{
    [Test]
    public void Killed_during_Push_the_rerun_completes_with_one_index_digest_under_every_tag()
    {
        using var registry = new RegistryProcess();
        using var repo = ReleaseRepository.Create();
        repo.Tag("v1.5.0");
        var image = $"{registry.Address}/acme/interrupted";

        var (killed, output) = BuildProgram.RunAndKill(repo.Path, ["--target=Release", "--image=" + image], line => line.StartsWith("Pushing ", StringComparison.Ordinal));
        var rerun = BuildProgram.Run(repo.Path, ["--target=Release", "--image=" + image], timeout: TimeSpan.FromMinutes(10));

        Assert.That(killed, Is.True, output);
        Assert.That(rerun.ExitCode, Is.EqualTo(0), rerun.ToString());
        var tags = Skopeo.Tags(image).Where(tag => !tag.EndsWith(".sig", StringComparison.Ordinal) && !tag.EndsWith(".att", StringComparison.Ordinal)).ToList();
        Assert.That(tags, Is.EquivalentTo(new[] { "1.5.0", "1.5", "latest", "sha-" + repo.ShortHead }));
        var digests = tags.Select(tag => Skopeo.Digest($"{image}:{tag}")).Distinct().ToList();
        Assert.That(digests, Has.Count.EqualTo(1));
        using var imageJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(repo.Path, "artifacts", "image.json")));
        Assert.That(imageJson.RootElement.GetProperty("digest").GetString(), Is.EqualTo(digests[0]));
    }

    [Test]
    public void Killed_during_the_GitHub_upload_the_rerun_publishes_each_asset_once_Contract()
    {
        using var registry = new RegistryProcess();
        using var setup = new PublishSetup("v3.0.0", "3.0.0", registry.Address);
        var image = $"{registry.Address}/acme/interrupted-release";

        // The first upload is held unanswered, so the kill lands during it, never after a fast run has published.
        setup.GitHub.HoldUploads();
        var (killed, output) = BuildProgram.RunAndKill(setup.Repository.Path, setup.Arguments(image), line => line.Contains(": uploading ", StringComparison.Ordinal), setup.Environment);
        setup.GitHub.ReleaseUploads();
        var leftAsDraft = setup.GitHub.Releases.SingleOrDefault()?.Draft;
        var rerun = BuildProgram.Run(setup.Repository.Path, setup.Arguments(image), setup.Environment, TimeSpan.FromMinutes(10));

        Assert.That(killed, Is.True, output);
        Assert.That(leftAsDraft, Is.True, "the interrupted run leaves a draft, never a half-published release");
        Assert.That(rerun.ExitCode, Is.EqualTo(0), rerun.ToString());
        var release = setup.GitHub.Release("v3.0.0");
        Assert.That(setup.GitHub.Releases, Has.Count.EqualTo(1));
        Assert.That(release.Draft, Is.False);
        var bundle = Path.Combine(setup.Repository.Path, "artifacts", "release", "3.0.0");
        var assets = Directory.GetFiles(bundle).Select(Path.GetFileName).Where(name => name != "notes.md").ToList();
        Assert.That(release.Assets.Select(asset => asset.Name), Is.EquivalentTo(assets), "each asset exactly once");
    }

    [Test]
    public void GitHub_failing_transiently_is_retried_and_the_release_completes_Contract()
    {
        using var registry = new RegistryProcess();
        using var setup = new PublishSetup("v3.1.0", "3.1.0", registry.Address);
        setup.GitHub.FailOnce("GET", "/api/v3/repos/acme/rds-csi/releases?per_page=100", 503);
        setup.GitHub.FailUploadOnce("SHA256SUMS", 502);
        var image = $"{registry.Address}/acme/flaky-github";

        var result = BuildProgram.Run(setup.Repository.Path, setup.Arguments(image), setup.Environment, TimeSpan.FromMinutes(10));

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.Output, Does.Contain("Retrying"));
        Assert.That(setup.GitHub.Release("v3.1.0").Draft, Is.False);
        Assert.That(setup.GitHub.Release("v3.1.0").Assets.Count(asset => asset.Name == "SHA256SUMS"), Is.EqualTo(1));
    }
}
