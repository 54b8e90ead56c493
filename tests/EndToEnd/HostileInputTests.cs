using System.Text.Json.Nodes;
using Build.Tests.Support;

namespace Build.Tests.EndToEnd;

/// <summary>
/// Clumsy or hostile input that used to surface as raw exception text, or only after the push: each is now a clear
/// message naming the input, before anything is pushed (or, for a broken docker config, a warning and the run goes on).
/// </summary>
[NonParallelizable]
public sealed class HostileInputTests : RegistryFixture
{
    private static void NoRawException(ProcessResult result)
    {
        Assert.That(result.All, Does.Not.Contain("Exception").And.Not.Match(@"\n\s+at [A-Z]\w+\."), "a clear message, not an exception's text or stack");
    }

    [TestCase("127.0.0.1:99999/acme/x", "the port '99999' of 127.0.0.1:99999 is not a port number (1-65535")]
    [TestCase("[::1]:5959/acme/x", "names the registry by an IPv6 address")]
    [TestCase("127.0.0.1:5959/acme/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "registries accept at most 255")]
    public void An_image_name_the_tools_cannot_use_is_refused_by_the_settings_check(string image, string message)
    {
        using var repo = ReleaseRepository.Create();

        var result = BuildProgram.Run(repo.Path, ["--target=Release", "--image=" + image]);

        Assert.That(result.ExitCode, Is.Not.EqualTo(0), result.ToString());
        Assert.That(result.All, Does.Contain("--image").And.Contain(message), result.ToString());
        NoRawException(result);
    }

    [Test]
    public void A_malformed_docker_config_is_named_in_a_warning_and_ignored()
    {
        using var repo = ReleaseRepository.Create();
        using var docker = new TempDirectory("rdscsi-dockerconfig");
        var config = docker.Write("config.json", "{ \"auths\": { \"ghcr.io\": { \"auth\": ");
        var repository = "hostile/docker-config";

        var result = BuildProgram.Run(repo.Path, ["--target=Push", $"--image={Registry.Address}/{repository}"], new Dictionary<string, string?> { ["DOCKER_CONFIG"] = docker.Path }, TimeSpan.FromMinutes(5));

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.All, Does.Contain($"{config} cannot be read as docker's config").And.Contain("ignored"));
        Assert.That(Http.Tags(repository), Is.Not.Empty);
    }

    [TestCase("abc")]
    [TestCase("--upload-pack=touch /tmp/x")]
    public void A_hand_edited_state_file_with_a_bad_commit_is_reported_as_corrupt(string commit)
    {
        using var repo = ReleaseRepository.Create();
        repo.Tag("v7.1.0");
        Assert.That(BuildProgram.Run(repo.Path, ["--target=Version"]).ExitCode, Is.EqualTo(0));
        var stateFile = Path.Combine(repo.Path, "artifacts", "release-state.json");
        var state = JsonNode.Parse(File.ReadAllText(stateFile))!;
        state["commit"] = commit;
        File.WriteAllText(stateFile, state.ToJsonString());
        var repository = "hostile/state";

        var result = BuildProgram.Run(repo.Path, ["--target=Push", $"--image={Registry.Address}/{repository}"]);

        Assert.That(result.ExitCode, Is.Not.EqualTo(0), result.ToString());
        Assert.That(result.All, Does.Contain($"{stateFile} is a corrupt release state: its 'commit' '{commit}' is not a git commit id"));
        NoRawException(result);
        Assert.That(Http.Tags(repository), Is.Empty);
    }

    [Test]
    public void An_unwritable_GITHUB_OUTPUT_is_reported_before_anything_is_pushed()
    {
        using var repo = ReleaseRepository.Create();
        using var files = new TempDirectory("rdscsi-actions-files");
        var summary = files.Write("summary.md", string.Empty);
        var output = files.Combine("no-such-folder", "output");
        var repository = "hostile/output";
        var environment = new Dictionary<string, string?>
        {
            ["GITHUB_ACTIONS"] = "true",
            ["GITHUB_REF"] = "refs/heads/main",
            ["GITHUB_OUTPUT"] = output,
            ["GITHUB_STEP_SUMMARY"] = summary,
        };

        var result = BuildProgram.Run(repo.Path, ["--target=Push", $"--image={Registry.Address}/{repository}"], environment);

        Assert.That(result.ExitCode, Is.Not.EqualTo(0), result.ToString());
        Assert.That(result.All, Does.Contain($"GITHUB_OUTPUT '{output}' cannot be written"));
        Assert.That(Http.Tags(repository), Is.Empty, "nothing is pushed when the digest could not be handed on");
    }
}
