using Build.Configuration;
using Build.Releasing;
using Build.Tests.Support;
using Build.Transparency;

namespace Build.Tests.Releasing;

/// <summary>The release notes' "Transparency log" section: one row per Rekor entry with its search link, and none without entries.</summary>
public sealed class ReleaseNotesTransparencyTests
{
    private static readonly RekorEntry Entry = new(
        $"signature of {InMemoryContexts.Pushed.IndexDigest}", 175508996, "c0ffee" + new string('0', 58), DateTimeOffset.FromUnixTimeSeconds(1740770291), "c0d23d6a");

    private static VerificationFacts Facts(SigningMode mode) =>
        new(InMemoryContexts.Pushed, mode, null, mode == SigningMode.Keyless, "rds-csi-driver-1.2.3.tgz", "rds-csi-driver-1.2.3.tgz.sigstore.json", "SHA256SUMS.sigstore.json");

    [Test]
    public void A_keyless_release_lists_each_Rekor_entry_with_its_search_link_and_time()
    {
        var notes = ReleaseNotes.Compose("## [1.2.3]\n\n- Fixed.", Facts(SigningMode.Keyless) with { TransparencyLogEntries = [Entry] });

        Assert.That(notes, Does.Contain("### Transparency log"));
        Assert.That(notes, Does.Contain($"| signature of {InMemoryContexts.Pushed.IndexDigest} | [175508996](https://search.sigstore.dev/?logIndex=175508996) (`c0ffee000000`) | 2025-02-28 19:18:11 UTC |"));
        Assert.That(notes.IndexOf("### Transparency log", StringComparison.Ordinal), Is.GreaterThan(notes.IndexOf("### Verify this release", StringComparison.Ordinal)));
    }

    [Test]
    public void A_release_signed_without_the_log_has_no_transparency_section()
    {
        var notes = ReleaseNotes.Compose("## [1.2.3]\n\n- Fixed.", Facts(SigningMode.Rehearsal));

        Assert.That(notes, Does.Not.Contain("Transparency log"));
    }
}
