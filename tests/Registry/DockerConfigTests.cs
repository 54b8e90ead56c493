using System.Text;
using Build.Registry;
using Build.Tests.Support;

namespace Build.Tests.Registry;

public sealed class DockerConfigTests
{
    private static string Auth(string value) => Convert.ToBase64String(Encoding.UTF8.GetBytes(value));

    [TestCase("{ \"auths\": { \"ghcr.io\": { \"auth\": ")]
    [TestCase("[1, 2]")]
    [TestCase("{\"auths\": \"ghcr.io\"}")]
    [TestCase("{\"auths\": {\"ghcr.io\": \"robot\"}}")]
    [TestCase("{\"auths\": {\"https://\": {\"auth\": 5}}}")]
    public void A_broken_config_gives_no_login_and_never_throws(string text)
    {
        using var directory = new TempDirectory("rdscsi-dockerconfig");
        var path = directory.Write("config.json", text);
        var warnings = new List<string>();

        Assert.That(DockerConfig.Find("ghcr.io", path, warnings.Add), Is.Null);
        Assert.That(warnings.Count, Is.LessThanOrEqualTo(1));
        Assert.That(warnings, Has.All.StartWith(path));
    }

    [Test]
    public void An_undecodable_login_is_named_for_its_registry_and_other_registries_keep_theirs()
    {
        using var directory = new TempDirectory("rdscsi-dockerconfig");
        var path = directory.Write("config.json", $"{{\"auths\": {{\"ghcr.io\": {{\"auth\": \"%%not-base64%%\"}}, \"quay.io\": {{\"auth\": \"{Auth("robot:pw-1234")}\"}}}}}}");
        var warnings = new List<string>();

        Assert.That(DockerConfig.Find("ghcr.io", path, warnings.Add), Is.Null);
        Assert.That(DockerConfig.Find("quay.io", path, warnings.Add), Is.EqualTo(new RegistryCredentials("robot", "pw-1234")));
        Assert.That(warnings, Is.EqualTo(new[] { $"{path}: the saved login for ghcr.io is not base64 of user:password; it is ignored. Run 'docker login ghcr.io' again." }));
        Assert.That(DockerConfig.IsUnreadable(path), Is.False);
    }

    [Test]
    public void A_config_that_is_not_JSON_is_unreadable()
    {
        using var directory = new TempDirectory("rdscsi-dockerconfig");

        Assert.That(DockerConfig.IsUnreadable(directory.Write("config.json", "{")), Is.True);
        Assert.That(DockerConfig.IsUnreadable(directory.Combine("missing.json")), Is.False);
    }
}
