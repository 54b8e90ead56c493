using Build.Configuration;
using Build.Preflight;
using Build.Signing;
using Build.Tasks;
using Build.Tests.Support;
using Cake.Core.Diagnostics;

namespace Build.Tests.Signing;

/// <summary>Where the Helm signing key comes from in each mode, on in-memory contexts; keys made by gpg where a maintainer's would be.</summary>
[NonParallelizable]
public sealed class HelmKeysTests
{
    private TempDirectory _working = null!;

    [SetUp]
    public void SetUp() => _working = new TempDirectory();

    [TearDown]
    public void TearDown() => _working.Dispose();

    private BuildContext Context(RecordingLog log, ReleaseMode mode, string? key = null, string? passphrase = null, bool require = false) =>
        InMemoryContexts.CreateLoggedWith(_working.Path, log, options => options with
        {
            Mode = mode,
            Secrets = options.Secrets with { HelmSigningKey = key, HelmSigningPassphrase = passphrase },
            HelmProvenance = new HelmProvenanceSettings(require),
        }, null, typeof(HelmPackageTask));

    [Test]
    public void A_rehearsal_makes_a_key_pair_under_artifacts_keys_once_and_reuses_it()
    {
        var log = new RecordingLog();
        var first = HelmKeys.Resolve(Context(log, ReleaseMode.Rehearsal))!;
        var second = HelmKeys.Resolve(Context(new RecordingLog(), ReleaseMode.Rehearsal))!;

        var keys = _working.Combine("artifacts", "keys");
        Assert.That(second.Fingerprint, Is.EqualTo(first.Fingerprint));
        Assert.That(File.ReadAllText(Path.Combine(keys, "helm-signing.key")), Does.StartWith("-----BEGIN PGP PRIVATE KEY BLOCK-----"));
        if (!OperatingSystem.IsWindows())
        {
            Assert.That(File.GetUnixFileMode(Path.Combine(keys, "helm-signing.key")), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        }

        Assert.That(log.Text, Does.Contain("Made an ephemeral rehearsal Helm signing key"));
        using var gpg = new Gpg();
        gpg.Import(File.ReadAllText(Path.Combine(keys, "helm-signing.asc")));
        Assert.That(gpg.Run("--list-keys", "--with-colons").Output, Does.Contain("fpr:::::::::" + first.Fingerprint + ":"), "gpg reads the exported public key as the same key");
    }

    [Test]
    public void Publishing_without_HELM_SIGNING_KEY_warns_and_signs_nothing()
    {
        var log = new RecordingLog();

        var key = HelmKeys.Resolve(Context(log, ReleaseMode.Publish));

        Assert.That(key, Is.Null);
        Assert.That(log.Lines.Where(line => line.Level == LogLevel.Warning).Select(line => line.Message), Has.Some.Contains("HELM_SIGNING_KEY is not set: the chart is released without a Helm provenance file"));
        Assert.That(File.Exists(_working.Combine("artifacts", "keys", "helm-signing.key")), Is.False, "publish mode never makes a key");
    }

    [Test]
    public void Publishing_without_HELM_SIGNING_KEY_when_provenance_is_required_stops_in_the_preflight_and_in_the_task()
    {
        var context = Context(new RecordingLog(), ReleaseMode.Publish, require: true);

        var need = new HelmPackageTask().Needs(context).Secrets.Single();
        var error = Assert.Throws<BuildConfigurationException>(() => HelmKeys.Resolve(context))!;

        Assert.That((need.Variable, need.IsSet), Is.EqualTo(("HELM_SIGNING_KEY", false)));
        Assert.That(error.Message, Does.Contain("HELM_SIGNING_KEY is not set, and [Helm] RequireProvenance=true"));
        Assert.That(new HelmPackageTask().Needs(Context(new RecordingLog(), ReleaseMode.Rehearsal, require: true)).Secrets, Is.Empty, "a rehearsal makes its own key");
    }

    [Test]
    public void HELM_SIGNING_KEY_made_by_gpg_is_opened_with_its_passphrase_and_its_public_key_exported()
    {
        using var gpg = new Gpg();
        var (secret, fingerprint) = gpg.GenerateKey("maintainer <m@example.invalid>", "ed25519", "s3cret phrase");

        var key = HelmKeys.Resolve(Context(new RecordingLog(), ReleaseMode.Publish, secret, "s3cret phrase", require: true))!;

        Assert.That(key.Fingerprint, Is.EqualTo(fingerprint));
        var exported = File.ReadAllText(_working.Combine("artifacts", "keys", "helm-signing.asc"));
        Assert.That(exported, Does.StartWith("-----BEGIN PGP PUBLIC KEY BLOCK-----").And.Not.Contain("PRIVATE"));
    }

    [Test]
    public void HELM_SIGNING_KEY_that_is_not_the_committed_deploy_helm_signing_asc_is_refused()
    {
        var committed = HelmSigningKey.Generate("project <p@example.invalid>", string.Empty, DateTime.UtcNow, HelmKeyAlgorithm.Ed25519);
        Directory.CreateDirectory(_working.Combine("deploy"));
        File.WriteAllText(_working.Combine("deploy", "helm-signing.asc"), committed.ArmoredPublicKey());
        var other = HelmSigningKey.Generate("other <o@example.invalid>", string.Empty, DateTime.UtcNow, HelmKeyAlgorithm.Ed25519);

        var error = Assert.Throws<BuildConfigurationException>(() => HelmKeys.Resolve(Context(new RecordingLog(), ReleaseMode.Publish, other.ArmoredSecretKey())))!;
        var same = HelmKeys.Resolve(Context(new RecordingLog(), ReleaseMode.Publish, committed.ArmoredSecretKey()));

        Assert.That(error.Message, Does.Contain(other.Fingerprint).And.Contain("deploy/helm-signing.asc (what users verify with) is " + committed.Fingerprint));
        Assert.That(same!.Fingerprint, Is.EqualTo(committed.Fingerprint));
    }

    [Test]
    public void Helm_RequireProvenance_is_read_from_cake_config_and_a_bad_value_names_the_setting()
    {
        Assert.That(HelmProvenanceSettings.Read(CakeContexts.Create(_working.Path, settings: new Dictionary<string, string> { ["Helm_RequireProvenance"] = "true" })).RequireProvenance, Is.True);
        Assert.That(HelmProvenanceSettings.Read(CakeContexts.Create(_working.Path)).RequireProvenance, Is.False);
        var error = Assert.Throws<BuildConfigurationException>(() => HelmProvenanceSettings.Read(CakeContexts.Create(_working.Path, settings: new Dictionary<string, string> { ["Helm_RequireProvenance"] = "always" })))!;
        Assert.That(error.Message, Does.Contain("Helm_RequireProvenance ([Helm] RequireProvenance in cake.config) is 'always'"));
    }
}
