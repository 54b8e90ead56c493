using Build.Charts;
using Build.Signing;
using Build.Tests.Support;

namespace Build.Tests.Charts;

/// <summary>Rules of the .prov and of Artifact Hub's changes, checked with gpg's own packet dump where a signature is concerned.</summary>
public sealed class HelmProvenanceRulesTests
{
    private static readonly DateTimeOffset CommitTime = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    [TestCase("demo:1.2.3.tgz")]
    [TestCase("demo 1.2.3.tgz")]
    [TestCase("demo#1.2.3.tgz")]
    [TestCase("charts/demo-1.2.3.tgz")]
    [TestCase("demo-1.2.3.tgz\n")]
    public void An_archive_name_that_would_break_the_files_map_is_refused(string name)
    {
        var error = Assert.Throws<ChartException>(() => HelmProvenance.Message("name: demo\n", name, new string('a', 64)));

        Assert.That(error!.Message, Does.Contain("cannot be written"));
    }

    [Test]
    public void A_plain_archive_name_is_written_as_is()
    {
        Assert.That(HelmProvenance.Message("name: demo\n", "demo-1.2.3+build.1.tgz", new string('a', 64)), Does.EndWith("files:\n  demo-1.2.3+build.1.tgz: sha256:" + new string('a', 64) + "\n"));
    }

    /// <summary>gpg's dump of the .prov's signature packet (the armored block after the signed text).</summary>
    private static string SignaturePackets(Gpg gpg, TempDirectory folder, string provenance)
    {
        var signature = folder.Write("sig.asc", provenance[provenance.IndexOf("-----BEGIN PGP SIGNATURE-----", StringComparison.Ordinal)..]);
        var packets = gpg.Run("--list-packets", signature);
        Assert.That(packets.Output, Does.Contain(":signature packet:"), packets.ToString());
        return packets.Output;
    }

    [Test]
    public void The_signature_carries_its_time_and_issuer_as_gpg_expects_none_of_them_critical()
    {
        var key = HelmSigningKey.Generate("demo <signing@example.invalid>", string.Empty, CommitTime.UtcDateTime.AddDays(-1));
        using var folder = new TempDirectory("rdscsi-prov-rules");
        var provenance = HelmProvenance.Sign(HelmProvenance.Message("name: demo\n", "demo-1.2.3.tgz", new string('a', 64)), key, CommitTime);
        using var gpg = new Gpg();

        var packets = SignaturePackets(gpg, folder, provenance);

        Assert.That(packets, Does.Contain("hashed subpkt 2 len 4 (sig created 2026-11-29)"));
        Assert.That(packets, Does.Match(@"hashed subpkt 33 len \d+ \(issuer fpr v4 [0-9A-F]{40}\)"));
        Assert.That(packets, Does.Match(@"\n\s+subpkt 16 len 8 \(issuer key ID [0-9A-F]{16}\)"), "the key id in the unhashed area, as gpg writes it");
        Assert.That(packets, Does.Not.Contain("critical"));
    }

    [Test]
    public void A_key_made_after_the_commit_signs_at_its_own_creation_time_so_gpg_sees_no_time_conflict()
    {
        // gpg refuses to import a key from the future: made a few minutes ago, which is after the commit.
        var created = DateTime.UtcNow.AddMinutes(-5);
        var key = HelmSigningKey.Generate("demo <signing@example.invalid>", string.Empty, created);
        using var folder = new TempDirectory("rdscsi-prov-rules");
        var file = folder.Write("demo.prov", HelmProvenance.Sign(HelmProvenance.Message("name: demo\n", "demo-1.2.3.tgz", new string('a', 64)), key, CommitTime));
        using var gpg = new Gpg();
        gpg.Import(key.ArmoredPublicKey());

        Assert.That(SignaturePackets(gpg, folder, File.ReadAllText(file)), Does.Contain($"(sig created {created:yyyy-MM-dd})"));
        Assert.That(gpg.Verify(file).Output, Does.Contain("GOODSIG"));
    }

    [Test]
    public void Each_Keep_a_Changelog_heading_becomes_its_Artifact_Hub_kind()
    {
        var section = "## [1.2.3]\n### Added\n- a\n### Changed\n- b\n### Deprecated\n- c\n### Removed\n- d\n### Fixed\n- e\n### Security\n- f\n### Other\n- g\n";

        var changes = ArtifactHubAnnotations.ChangesOf(section);

        Assert.That(changes, Is.EqualTo(
            "- kind: added\n  description: \"a\"\n- kind: changed\n  description: \"b\"\n- kind: deprecated\n  description: \"c\"\n" +
            "- kind: removed\n  description: \"d\"\n- kind: fixed\n  description: \"e\"\n- kind: security\n  description: \"f\"\n- description: \"g\"\n"));
    }

    [Test]
    public void A_continuation_line_joins_its_bullet_and_a_blank_or_unindented_line_does_not()
    {
        var changes = ArtifactHubAnnotations.ChangesOf("### Fixed\r\n- volume expansion\r\n  on resize\r\n   \r\nnot indented\r\n- second\r\n");

        Assert.That(changes, Is.EqualTo("- kind: fixed\n  description: \"volume expansion on resize\"\n- kind: fixed\n  description: \"second\"\n"));
    }
}
