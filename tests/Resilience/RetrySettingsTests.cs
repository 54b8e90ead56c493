using Build.Configuration;
using Build.Resilience;
using Build.Tests.Support;

namespace Build.Tests.Resilience;

/// <summary>Release_Retries and Release_RetryDelay, read from the configuration (cake.config or the environment).</summary>
public sealed class RetrySettingsTests
{
    private static RetrySettings Read(params (string Key, string Value)[] settings) =>
        RetrySettings.Read(CakeContexts.Create(Path.GetTempPath(), settings: settings.ToDictionary(setting => setting.Key, setting => setting.Value)));

    [Test]
    public void Without_settings_a_run_retries_4_times_from_1_second_up_to_30()
    {
        var settings = Read();

        Assert.That(settings, Is.EqualTo(new RetrySettings(4, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30))));
        Assert.That(settings, Is.EqualTo(RetrySettings.Default));
    }

    [Test]
    public void An_empty_setting_means_the_default()
    {
        Assert.That(Read((RetrySettings.RetriesKey, ""), (RetrySettings.RetryDelayKey, "")), Is.EqualTo(RetrySettings.Default));
    }

    [TestCase("0", 0)]
    [TestCase("7", 7)]
    [TestCase("20", 20)]
    public void The_number_of_retries_can_be_set_from_0_to_20(string text, int retries)
    {
        Assert.That(Read((RetrySettings.RetriesKey, text)).Retries, Is.EqualTo(retries));
    }

    [TestCase("0", 0)]
    [TestCase("0.25", 0.25)]
    [TestCase("60", 60)]
    public void The_base_delay_can_be_set_in_seconds_from_0_to_60(string text, double seconds)
    {
        var settings = Read((RetrySettings.RetryDelayKey, text));

        Assert.That(settings.BaseDelay, Is.EqualTo(TimeSpan.FromSeconds(seconds)));
        Assert.That(settings.MaxDelay, Is.EqualTo(TimeSpan.FromSeconds(30)), "the maximum delay is not configurable");
        Assert.That(settings.Retries, Is.EqualTo(4));
    }

    [TestCase("-1")]
    [TestCase("21")]
    [TestCase("three")]
    [TestCase("2.5")]
    public void A_number_of_retries_outside_0_to_20_fails_naming_the_setting_and_the_range(string text)
    {
        var error = Assert.Throws<BuildConfigurationException>(() => Read((RetrySettings.RetriesKey, text)));

        Assert.That(error!.Message, Does.Contain($"Release_Retries '{text}'").And.Contain("from 0 to 20"));
    }

    [TestCase("-0.5")]
    [TestCase("60.5")]
    [TestCase("1s")]
    public void A_delay_outside_0_to_60_seconds_fails_naming_the_setting_and_the_range(string text)
    {
        var error = Assert.Throws<BuildConfigurationException>(() => Read((RetrySettings.RetryDelayKey, text)));

        Assert.That(error!.Message, Does.Contain($"Release_RetryDelay '{text}'").And.Contain("from 0 to 60"));
    }
}
