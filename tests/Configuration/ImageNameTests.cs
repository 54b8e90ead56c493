using Build.Configuration;

namespace Build.Tests.Configuration;

public sealed class ImageNameTests
{
    [TestCase("ghcr.io/3whiskeywhiskey/rds-csi", "ghcr.io", "3whiskeywhiskey/rds-csi", false)]
    [TestCase("127.0.0.1:5959/acme/rds-csi", "127.0.0.1:5959", "acme/rds-csi", true)]
    [TestCase("localhost:5000/rds-csi", "localhost:5000", "rds-csi", true)]
    [TestCase("registry.invalid/acme/rds-csi", "registry.invalid", "acme/rds-csi", false)]
    public void Parses_registry_and_repository(string value, string registry, string repository, bool loopback)
    {
        var image = ImageName.Parse(value, "--image");

        Assert.That(image.Registry, Is.EqualTo(registry));
        Assert.That(image.Repository, Is.EqualTo(repository));
        Assert.That(image.IsLoopback, Is.EqualTo(loopback));
        Assert.That(image.FullName, Is.EqualTo(value));
    }

    [Test]
    public void Port_and_host_are_split_for_ipv4_and_ipv6()
    {
        Assert.That(ImageName.Parse("127.0.0.1:5959/a/b", "x").Port, Is.EqualTo(5959));
        Assert.That(new ImageName("[::1]:5000", "a/b").Host, Is.EqualTo("::1"));
        Assert.That(ImageName.Parse("ghcr.io/a/b", "x").Port, Is.Null);
    }

    [TestCase("rds-csi", "REGISTRY/PATH")]
    [TestCase("acme/rds-csi", "registry host")]
    [TestCase("ghcr.io/acme/rds-csi:1.0", "tag or digest")]
    [TestCase("ghcr.io/Acme/RDS", "lowercase")]
    [TestCase("ghcr.io/", "REGISTRY/PATH")]
    public void Rejects_what_is_not_an_image_repository_naming_the_source(string value, string hint)
    {
        var error = Assert.Throws<BuildConfigurationException>(() => ImageName.Parse(value, "--image"));

        Assert.That(error!.Message, Does.StartWith("--image").And.Contain(hint));
    }

    [Test]
    public void Plain_http_is_accepted_only_for_a_loopback_registry()
    {
        Assert.That(ImageName.Parse("http://127.0.0.1:5000/acme/x", "--image").FullName, Is.EqualTo("127.0.0.1:5000/acme/x"));
        Assert.That(ImageName.Parse("https://ghcr.io/acme/x", "--image").FullName, Is.EqualTo("ghcr.io/acme/x"));

        var error = Assert.Throws<BuildConfigurationException>(() => ImageName.Parse("http://registry.invalid/acme/x", "--image"));

        Assert.That(error!.Message, Does.StartWith("--image").And.Contain("not a loopback address"));
    }

    [TestCase("127.0.0.1:99999/acme/x", "the port '99999' of 127.0.0.1:99999 is not a port number (1-65535")]
    [TestCase("ghcr.io:0/acme/x", "the port '0' of ghcr.io:0 is not a port number")]
    [TestCase("[::1]:5000/acme/x", "IPv6 address ([::1]:5000): buildah and skopeo cannot parse")]
    [TestCase("[::1]/acme/x", "IPv6 address")]
    public void A_registry_the_tools_cannot_reach_is_refused_naming_the_input(string value, string message)
    {
        var refused = Assert.Throws<BuildConfigurationException>(() => ImageName.Parse(value, "--image"));

        Assert.That(refused!.Message, Does.StartWith($"--image '{value}'").And.Contain(message));
    }

    [TestCase("127.0.0.1:0/acme/x")]
    [TestCase("localhost:0/acme/x")]
    public void Port_0_on_a_loopback_registry_means_a_free_port_for_the_rehearsal(string value)
    {
        Assert.That(ImageName.Parse(value, "--image").Port, Is.Zero);
    }

    [Test]
    public void An_image_name_over_255_characters_is_refused()
    {
        var longest = "ghcr.io/" + new string('a', 255 - "ghcr.io/".Length);

        Assert.That(ImageName.Parse(longest, "--image").FullName, Has.Length.EqualTo(255));
        Assert.That(() => ImageName.Parse(longest + "a", "--image"), Throws.TypeOf<BuildConfigurationException>().With.Message.Contain("256 characters long; registries accept at most 255"));
    }

    [Test]
    public void A_key_given_as_the_image_is_refused_without_being_echoed()
    {
        const string key = "-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY----- eyJrZGYiOnsibmFtZSI6InNjcnlwdCJ9fQ== -----END";

        var refused = Assert.Throws<BuildConfigurationException>(() => ImageName.Parse(key, "--image"));

        Assert.That(refused!.Message, Does.StartWith("--image (a value that looks like key material; not shown)").And.Not.Contain("eyJrZGYi"));
    }
}
