using System.Text;
using System.Text.Json;
using Build.Images;

namespace Build.Announcing;

/// <summary>
/// What a release announcement says: the version, the image by digest, its tags, where the release is (the GitHub
/// release, or a rehearsal's bundle folder) and the command that verifies the image, as the release notes print it.
/// </summary>
public sealed record Announcement(string Project, string Version, bool IsRehearsal, PushedImage Image, string ReleaseUrl, string VerifyCommand)
{
    /// <summary>The message as one text: a line each for the release, the image, the tags and the verify command.</summary>
    public string Text() =>
        $"""
        {Project} {Version} {(IsRehearsal ? "was rehearsed" : "is released")}: {ReleaseUrl}
        Image: `{Image.Reference}`
        Tags: {string.Join(", ", Image.Tags)}
        Verify: `{VerifyCommand}`
        """;

    /// <summary>The webhook's request body in <paramref name="format"/> (UTF-8 JSON).</summary>
    public byte[] Body(AnnounceFormat format)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            switch (format)
            {
                case AnnounceFormat.Slack:
                    json.WriteString("text", SlackEscaped(Text()));
                    break;
                case AnnounceFormat.Discord:
                    json.WriteString("content", Text());
                    break;
                default:
                    json.WriteString("project", Project);
                    json.WriteString("version", Version);
                    json.WriteString("mode", IsRehearsal ? "rehearsal" : "publish");
                    json.WriteString("image", Image.Reference);
                    json.WriteString("digest", Image.IndexDigest);
                    json.WriteStartArray("tags");
                    foreach (var tag in Image.Tags)
                    {
                        json.WriteStringValue(tag);
                    }

                    json.WriteEndArray();
                    json.WriteString("releaseUrl", ReleaseUrl);
                    json.WriteString("verify", VerifyCommand);
                    break;
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Slack reads &amp;, &lt; and &gt; as markup (links, mentions): its documented escapes keep them text.</summary>
    private static string SlackEscaped(string text) =>
        new StringBuilder(text).Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").ToString();
}
