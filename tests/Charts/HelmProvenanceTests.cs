using Build.Charts;
using Build.Signing;
using Build.Tests.Support;

namespace Build.Tests.Charts;

/// <summary>Helm provenance files made natively (BouncyCastle) and checked with gpg and sha256sum, which share no code with the build.</summary>
[NonParallelizable]
public sealed class HelmProvenanceTests
{
    private const string ChartYaml = "# A comment stays in the signed text.\napiVersion: v2\nname: demo\nversion: 1.2.3\nsources:\n- https://github.com/acme/demo\n";
    private static readonly DateTimeOffset CommitTime = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    private HelmSigningKey _key = null!;
    private TempDirectory _folder = null!;
    private string _archive = null!;
    private string _sha256 = null!;

    [OneTimeSetUp]
    public void MakeKeyAndArchive()
    {
        _key = HelmSigningKey.Generate("demo chart signing <signing@example.invalid>", string.Empty, CommitTime.UtcDateTime);
        _folder = new TempDirectory("rdscsi-prov");
        _folder.Write("demo/Chart.yaml", ChartYaml);
        var tar = Run.Process("tar", ["czf", "demo-1.2.3.tgz", "demo"], _folder.Path);
        Assert.That(tar.ExitCode, Is.EqualTo(0), tar.ToString());
        _archive = _folder.Combine("demo-1.2.3.tgz");
        var sum = Run.Process("sha256sum", [_archive]);
        _sha256 = sum.Output.Split(' ')[0];
    }

    [OneTimeTearDown]
    public void Remove() => _folder.Dispose();

    private string Provenance(string chartYaml = ChartYaml, HelmSigningKey? key = null) =>
        HelmProvenance.Sign(HelmProvenance.Message(chartYaml, "demo-1.2.3.tgz", Build.Releasing.Checksums.Sha256(_archive)), key ?? _key, CommitTime);

    private string WriteProvenance(string text)
    {
        var file = _folder.Combine(Guid.NewGuid().ToString("N") + ".prov");
        File.WriteAllText(file, text);
        return file;
    }

    [Test]
    public void The_signed_text_is_helm_s_message_block_Chart_yaml_then_a_document_end_then_the_archive_s_sha256()
    {
        Assert.That(
            HelmProvenance.Message(ChartYaml, "demo-1.2.3.tgz", new string('a', 64)),
            Is.EqualTo(ChartYaml + "\n...\nfiles:\n  demo-1.2.3.tgz: sha256:" + new string('a', 64) + "\n"));
        Assert.That(HelmProvenance.Message("name: demo\r\nversion: 1.2.3", "demo-1.2.3.tgz", new string('a', 64)), Does.StartWith("name: demo\nversion: 1.2.3\n\n...\nfiles:\n"), "CRLF is made LF and a last line end added");
    }

    [Test]
    public void The_signed_text_of_a_package_is_made_from_the_Chart_yaml_inside_it_as_tar_made_it_and_sha256sum_of_the_package()
    {
        Assert.That(HelmProvenance.MessageFor(_archive), Is.EqualTo(ChartYaml + "\n...\nfiles:\n  demo-1.2.3.tgz: sha256:" + _sha256 + "\n"));
        _folder.Write("empty/README", "no chart");
        Assert.That(Run.Process("tar", ["czf", "not-a-chart.tgz", "empty"], _folder.Path).ExitCode, Is.EqualTo(0));
        Assert.That(() => HelmProvenance.MessageFor(_folder.Combine("not-a-chart.tgz")), Throws.TypeOf<ChartException>().With.Message.Contains("holds no Chart.yaml at its top level"));
    }

    [Test]
    public void Gpg_accepts_the_signature_with_the_exported_public_key_and_the_sha256_in_it_is_sha256sum_of_the_archive()
    {
        using var gpg = new Gpg();
        gpg.Import(_key.ArmoredPublicKey());
        var file = WriteProvenance(Provenance());

        var verify = gpg.Verify(file);

        Assert.That(verify.ExitCode, Is.EqualTo(0), verify.ToString());
        Assert.That(verify.Output, Does.Contain("[GNUPG:] GOODSIG").And.Contain("[GNUPG:] VALIDSIG " + _key.Fingerprint));
        Assert.That(verify.Output, Does.Contain($"[GNUPG:] VALIDSIG {_key.Fingerprint} 2026-11-29 {CommitTime.ToUnixTimeSeconds()} "), "signed at the commit time, so a rebuild signs the same bytes");
        var text = gpg.SignedText(file);
        Assert.That(text, Does.StartWith(ChartYaml + "\n...\nfiles:\n"));
        Assert.That(text, Does.Contain($"\n  demo-1.2.3.tgz: sha256:{_sha256}"));
        Assert.That(File.ReadAllText(file), Does.StartWith("-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\n").And.Not.Contain("\nVersion:"), "no armor header but the hash: the bytes do not change with the library's version");
    }

    [Test]
    public void A_changed_byte_in_the_signed_text_fails_gpg_verification()
    {
        using var gpg = new Gpg();
        gpg.Import(_key.ArmoredPublicKey());
        var changed = Provenance().Replace("version: 1.2.3", "version: 1.2.4", StringComparison.Ordinal);

        var verify = gpg.Verify(WriteProvenance(changed));

        Assert.That(verify.ExitCode, Is.Not.EqualTo(0), verify.ToString());
        Assert.That(verify.Output, Does.Contain("[GNUPG:] BADSIG").And.Not.Contain("GOODSIG"));
    }

    [Test]
    public void Gpg_refuses_the_signature_with_another_key()
    {
        using var gpg = new Gpg();
        gpg.Import(HelmSigningKey.Generate("other <other@example.invalid>", string.Empty, CommitTime.UtcDateTime, HelmKeyAlgorithm.Ed25519).ArmoredPublicKey());

        var verify = gpg.Verify(WriteProvenance(Provenance()));

        Assert.That(verify.ExitCode, Is.Not.EqualTo(0), verify.ToString());
        Assert.That(verify.Output, Does.Contain("[GNUPG:] NO_PUBKEY").And.Not.Contain("GOODSIG"));
    }

    [Test]
    public void Lines_starting_with_a_dash_are_dash_escaped_and_gpg_reads_them_back_unescaped()
    {
        using var gpg = new Gpg();
        gpg.Import(_key.ArmoredPublicKey());
        var chartYaml = "---\n" + ChartYaml + "keywords:\n- -dash\n";
        var file = WriteProvenance(Provenance(chartYaml));

        Assert.That(File.ReadAllText(file), Does.Contain("\n- ---\n").And.Contain("\n- - https://github.com/acme/demo\n").And.Contain("\n- - -dash\n"));
        Assert.That(gpg.Verify(file).ExitCode, Is.EqualTo(0));
        Assert.That(gpg.SignedText(file), Does.StartWith(chartYaml));
    }

    [Test]
    public void The_same_chart_key_and_commit_time_sign_the_same_bytes()
    {
        var first = Provenance();
        var second = Provenance();

        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public void An_Ed25519_key_as_a_rehearsal_makes_signs_the_same_bytes_twice_and_gpg_accepts_them()
    {
        var key = HelmSigningKey.Generate("rehearsal <r@example.invalid>", string.Empty, CommitTime.UtcDateTime, HelmKeyAlgorithm.Ed25519);
        using var gpg = new Gpg();
        gpg.Import(key.ArmoredPublicKey());

        var first = Provenance(key: key);
        var second = Provenance(key: key);
        var verify = gpg.Verify(WriteProvenance(first));

        Assert.That(second, Is.EqualTo(first));
        Assert.That(verify.ExitCode, Is.EqualTo(0), verify.ToString());
        Assert.That(verify.Output, Does.Contain("[GNUPG:] VALIDSIG " + key.Fingerprint));
    }

    [Test]
    public void Verifies_accepts_the_file_it_signed_and_refuses_another_text_another_key_or_a_changed_signature()
    {
        var message = HelmProvenance.Message(ChartYaml, "demo-1.2.3.tgz", _sha256);
        var signed = HelmProvenance.Sign(message, _key, CommitTime);
        var other = HelmSigningKey.Generate("other <other@example.invalid>", string.Empty, CommitTime.UtcDateTime, HelmKeyAlgorithm.Ed25519);
        var signatureLine = signed.Split('\n').First(line => line.Length > 60 && !line.StartsWith("files", StringComparison.Ordinal));

        Assert.That(HelmProvenance.Verifies(signed, message, _key.PublicKey), Is.True);
        Assert.That(HelmProvenance.Verifies(signed, message.Replace("1.2.3", "1.2.4", StringComparison.Ordinal), _key.PublicKey), Is.False);
        Assert.That(HelmProvenance.Verifies(signed, message, other.PublicKey), Is.False);
        Assert.That(HelmProvenance.Verifies(signed.Replace(signatureLine, signatureLine[..10] + (signatureLine[10] == 'A' ? 'B' : 'A') + signatureLine[11..], StringComparison.Ordinal), message, _key.PublicKey), Is.False);
    }

    [TestCase("rsa2048")]
    [TestCase("ed25519")]
    public void A_passphrase_protected_key_exported_by_gpg_signs_files_gpg_verifies(string algorithm)
    {
        using var gpg = new Gpg();
        var (secret, fingerprint) = gpg.GenerateKey("maintainer <maintainer@example.invalid>", algorithm, "correct horse");

        var key = HelmSigningKey.Load(secret, "correct horse", "HELM_SIGNING_KEY");
        var verify = gpg.Verify(WriteProvenance(Provenance(key: key)));

        Assert.That(key.Fingerprint, Is.EqualTo(fingerprint));
        Assert.That(verify.ExitCode, Is.EqualTo(0), verify.ToString());
        Assert.That(verify.Output, Does.Contain("[GNUPG:] VALIDSIG").And.Contain(fingerprint));
        var wrong = Assert.Throws<SigningKeyException>(() => HelmSigningKey.Load(secret, "wrong", "HELM_SIGNING_KEY"))!;
        Assert.That(wrong.Message, Does.Contain("HELM_SIGNING_PASSPHRASE is wrong").And.Not.Contain("wrong\"").And.Not.Contain(secret[40..80]));
    }

    [Test]
    public void Text_that_is_not_an_armored_secret_key_is_refused_naming_its_source_and_how_to_export_one()
    {
        var exception = Assert.Throws<SigningKeyException>(() => HelmSigningKey.Load(_key.ArmoredPublicKey(), string.Empty, "HELM_SIGNING_KEY"))!;

        Assert.That(exception.Message, Does.StartWith("HELM_SIGNING_KEY is not an armored OpenPGP secret key").And.Contain("gpg --armor --export-secret-keys"));
    }

    [Test]
    public void A_key_made_here_round_trips_through_its_armored_secret_key_with_its_passphrase()
    {
        var made = HelmSigningKey.Generate("demo <d@example.invalid>", "pass phrase", CommitTime.UtcDateTime, HelmKeyAlgorithm.Ed25519);

        var loaded = HelmSigningKey.Load(made.ArmoredSecretKey(), "pass phrase", "helm-signing.key");

        Assert.That(loaded.Fingerprint, Is.EqualTo(made.Fingerprint));
        Assert.Throws<SigningKeyException>(() => HelmSigningKey.Load(made.ArmoredSecretKey(), string.Empty, "helm-signing.key"));
    }

    [Test]
    public void A_Chart_yaml_with_a_document_end_line_is_refused_since_helm_splits_the_provenance_there()
    {
        var exception = Assert.Throws<ChartException>(() => HelmProvenance.Message("name: demo\n...\nversion: 1.2.3\n", "demo-1.2.3.tgz", _sha256))!;

        Assert.That(exception.Message, Does.Contain("Chart.yaml holds a line '...'"));
    }
}
