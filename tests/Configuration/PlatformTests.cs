using Build.Configuration;

namespace Build.Tests.Configuration;

public sealed class PlatformTests
{
    [Test]
    public void Parses_a_comma_separated_list()
    {
        var platforms = Platform.ParseList("linux/amd64, linux/arm64,linux/arm/v7", "Release_Platforms");

        Assert.That(platforms.Select(p => p.ToString()), Is.EqualTo(new[] { "linux/amd64", "linux/arm64", "linux/arm/v7" }));
        Assert.That(platforms[2].FileName, Is.EqualTo("linux-arm-v7"));
    }

    [TestCase("linux", "OS/ARCH")]
    [TestCase("plan9/amd64", "unknown OS")]
    [TestCase("linux/sparc", "unknown architecture")]
    [TestCase("linux/amd64,linux/amd64", "twice")]
    [TestCase(" , ", "empty")]
    public void Rejects_bad_platforms_naming_the_setting(string value, string hint)
    {
        var error = Assert.Throws<BuildConfigurationException>(() => Platform.ParseList(value, "Release_Platforms"));

        Assert.That(error!.Message, Does.StartWith("Release_Platforms").And.Contain(hint));
    }
}
