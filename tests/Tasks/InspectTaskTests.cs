using Build.Configuration;
using Build.Inspection;
using Build.Tasks;
using Build.Tests.Support;

namespace Build.Tests.Tasks;

/// <summary>Inspect's input rules, on an in-memory context; what it reports is checked end to end (ReleaseTests) against a real rehearsal.</summary>
public sealed class InspectTaskTests : TempDirectoryTest
{
    [Test]
    public void Inspect_needs_the_registry_and_nothing_else()
    {
        var needs = new InspectTask().Needs(InMemoryContexts.Create(Working.Path));

        Assert.That(needs.Registry, Is.True);
        Assert.That(needs.SigningKeys, Is.False, "inspecting signs nothing");
        Assert.That(needs.Tools, Is.Empty, "natively, without cosign");
    }

    [Test]
    public async Task An_unknown_format_is_refused_before_the_registry_is_asked()
    {
        var context = InMemoryContexts.Create(Working.Path, new Dictionary<string, string> { [Arguments.Format] = "yaml" }, typeof(InspectTask));

        var error = await Assert.ThrowsAsync<BuildConfigurationException>(() => new InspectTask().RunAsync(context));

        Assert.That(error!.Message, Does.Contain("--format=").And.Contain("yaml").And.Contain("text (the default) or json"));
    }

    [TestCase("ghcr.io/o/rds-csi", "ghcr.io/o/rds-csi", null)]
    [TestCase("ghcr.io/o/rds-csi:1.2.3", "ghcr.io/o/rds-csi", "1.2.3")]
    [TestCase("127.0.0.1:5000/o/rds-csi:latest", "127.0.0.1:5000/o/rds-csi", "latest")]
    [TestCase("127.0.0.1:5000/o/rds-csi", "127.0.0.1:5000/o/rds-csi", null)]
    [TestCase("ghcr.io/o/rds-csi@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "ghcr.io/o/rds-csi", "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public void The_image_reference_splits_into_the_repository_and_a_tag_or_digest(string value, string repository, string? reference)
    {
        Assert.That(InspectTarget.Split(value), Is.EqualTo((repository, reference)));
    }

    [TestCase("ghcr.io/o/rds-csi@sha256:short", "is not a digest")]
    [TestCase("ghcr.io/o/rds-csi:-bad", "is not a tag")]
    [TestCase("ghcr.io/o/rds-csi:a b", "is not a tag")]
    public void A_malformed_tag_or_digest_is_refused_naming_it(string value, string message)
    {
        var error = Assert.Throws<BuildConfigurationException>(() => InspectTarget.Split(value));

        Assert.That(error!.Message, Does.Contain(message).And.Contain("--image"));
    }

    [Test]
    public void Only_Inspect_takes_an_image_with_a_tag()
    {
        Assert.That(InspectTarget.IsTarget(["inspect"]), Is.True);
        Assert.That(InspectTarget.IsTarget(["Release"]), Is.False);
        var refused = Assert.Throws<BuildConfigurationException>(() => InMemoryContexts.Create(Working.Path, new Dictionary<string, string> { [Arguments.Image] = "127.0.0.1:5000/o/rds-csi:1.2.3" }));
        Assert.That(refused!.Message, Does.Contain("carries a tag or digest"));
    }
}
