using Build.Binaries;
using Build.Configuration;
using Build.Tests.Support;

namespace Build.Tests.Binaries;

/// <summary>[Release] Binaries: absolute plain paths inside the image, every problem named with its fix.</summary>
public sealed class BinarySettingsTests
{
    [Test]
    public void Comma_separated_absolute_paths_are_read_in_order()
    {
        Assert.That(BinarySettings.Parse(" /rds-csi-driver , /usr/local/bin/rds-csi-tool ").Paths, Is.EqualTo(new[] { "/rds-csi-driver", "/usr/local/bin/rds-csi-tool" }));
    }

    [Test]
    public void Nothing_listed_means_the_entrypoint()
    {
        Assert.That(BinarySettings.Parse(" , ").Paths, Is.Empty);
    }

    [TestCase("rds-csi-driver", "is not an absolute path inside the image")]
    [TestCase("/usr/../etc/shadow", "holds '..'")]
    [TestCase("/bin/\0x", "holds a NUL or line break")]
    [TestCase("/bin/x\ny", "holds a NUL or line break")]
    [TestCase("/usr/bin/", "names a folder, not a file")]
    [TestCase("/LICENSE", "LICENSE, README.md")]
    public void A_bad_path_is_refused_naming_the_setting_and_the_fix(string path, string problem)
    {
        var exception = Assert.Throws<BuildConfigurationException>(() => BinarySettings.Parse("/ok," + path))!;

        Assert.That(exception.Message, Does.StartWith("Release_Binaries '").And.Contain(problem));
        Assert.That(exception.Message, Does.Not.Contain("\0").And.Not.Contain("\n"), "a control character is shown escaped");
    }

    [Test]
    public void Two_binaries_with_one_file_name_are_refused()
    {
        Assert.That(() => BinarySettings.Parse("/bin/driver,/usr/bin/driver"), Throws.InstanceOf<BuildConfigurationException>().With.Message.Contain("two files named driver (/bin/driver, /usr/bin/driver)"));
    }

    [Test]
    public void A_file_name_longer_than_a_ustar_entry_holds_is_refused()
    {
        Assert.That(() => BinarySettings.Parse("/" + new string('a', 101)), Throws.InstanceOf<BuildConfigurationException>().With.Message.Contain("longer than 100 bytes"));
    }

    [Test]
    public void The_setting_is_read_from_cake_config_and_a_bad_one_fails_before_any_task_runs()
    {
        using var working = new TempDirectory();

        var read = new BuildContext(CakeContexts.Create(working.Path, null, new Dictionary<string, string> { [BinarySettings.Key] = "/usr/bin/rds-csi-driver" }, new Dictionary<string, string?> { ["GITHUB_ACTIONS"] = null }));
        var bad = Assert.Throws<BuildConfigurationException>(() => new BuildContext(CakeContexts.Create(working.Path, null, new Dictionary<string, string> { [BinarySettings.Key] = "rds-csi-driver" }, new Dictionary<string, string?> { ["GITHUB_ACTIONS"] = null })));

        Assert.That(read.Options.Binaries.Paths, Is.EqualTo(new[] { "/usr/bin/rds-csi-driver" }));
        Assert.That(bad!.Message, Does.StartWith("Release_Binaries 'rds-csi-driver' is not an absolute path inside the image"));
    }
}
