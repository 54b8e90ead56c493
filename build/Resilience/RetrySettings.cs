using System.Globalization;
using Build.Configuration;
using Cake.Core;

namespace Build.Resilience;

/// <summary>How transient failures are retried: attempts after the first, and the base of the exponential backoff.</summary>
public sealed record RetrySettings(int Retries, TimeSpan BaseDelay, TimeSpan MaxDelay)
{
    public const string RetriesKey = "Release_Retries";
    public const string RetryDelayKey = "Release_RetryDelay";

    public static RetrySettings Default { get; } = new(4, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));

    public static RetrySettings Read(ICakeContext context)
    {
        var retries = context.Configuration.GetValue(RetriesKey) is { Length: > 0 } text
            ? int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) && parsed is >= 0 and <= 20
                ? parsed
                : throw new BuildConfigurationException($"{RetriesKey} '{text}' is not a number of retries from 0 to 20.")
            : Default.Retries;
        var delay = context.Configuration.GetValue(RetryDelayKey) is { Length: > 0 } seconds
            ? double.TryParse(seconds, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value is >= 0 and <= 60
                ? TimeSpan.FromSeconds(value)
                : throw new BuildConfigurationException($"{RetryDelayKey} '{seconds}' is not a number of seconds from 0 to 60.")
            : Default.BaseDelay;
        return new RetrySettings(retries, delay, Default.MaxDelay);
    }
}
