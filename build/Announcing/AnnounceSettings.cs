using Build.Configuration;
using Cake.Core;

namespace Build.Announcing;

/// <summary>The body the announcement webhook gets: Slack's {"text"}, Discord's {"content"}, or a structured object.</summary>
public enum AnnounceFormat
{
    Slack,
    Discord,
    Json,
}

/// <summary>How a release is announced, from cake.config [Announce] (the webhook itself is a secret: ANNOUNCE_WEBHOOK_URL).</summary>
public sealed record AnnounceSettings(AnnounceFormat Format)
{
    public const string FormatKey = "Announce_Format";

    public static AnnounceSettings Default { get; } = new(AnnounceFormat.Slack);

    public static AnnounceSettings Read(ICakeContext context) =>
        context.Configuration.GetValue(FormatKey) is { Length: > 0 } format
            ? new(ReleaseSettings.ParseEnum<AnnounceFormat>(format, $"{FormatKey} ([Announce] Format in cake.config)", "slack, discord, json"))
            : Default;
}
