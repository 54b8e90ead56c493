using Build.Configuration;
using Build.Tests.Support;

namespace Build.Tests.Configuration;

/// <summary>cosign's key URIs in --signing-key and COSIGN_KEY: accepted unchanged when well-formed, refused with the form when not.</summary>
public sealed class SigningKeyUriTests
{
    private TempDirectory _working = null!;

    [SetUp]
    public void SetUp() => _working = new TempDirectory();

    [TearDown]
    public void TearDown() => _working.Dispose();

    private SigningSettings Read(string? argument, string? variable = null) =>
        SigningSettings.Read(new BuildContext(CakeContexts.Create(
            _working.Path,
            argument is null ? null : new Dictionary<string, string> { [Arguments.SigningKey] = argument },
            environment: new Dictionary<string, string?> { ["COSIGN_KEY"] = variable, ["GITHUB_ACTIONS"] = null })));

    [TestCase("awskms:///alias/rds-csi-signing")]
    [TestCase("awskms:///1234abcd-12ab-34cd-56ef-1234567890ab")]
    [TestCase("awskms://localhost:4566/arn:aws:kms:us-east-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab")]
    [TestCase("gcpkms://projects/acme-prod/locations/global/keyRings/release/cryptoKeys/rds-csi")]
    [TestCase("gcpkms://projects/acme-prod/locations/europe-west1/keyRings/release/cryptoKeys/rds-csi/cryptoKeyVersions/3")]
    [TestCase("azurekms://acme-release.vault.azure.net/rds-csi")]
    [TestCase("hashivault://rds-csi")]
    [TestCase("k8s://release/rds-csi-signing")]
    [TestCase("pkcs11:token=release;object=rds-csi?module-path=/usr/lib/softhsm/libsofthsm2.so")]
    public void A_well_formed_key_URI_is_taken_unchanged_as_a_key_in_a_KMS(string uri)
    {
        var settings = Read(uri);

        Assert.That((settings.Mode, settings.KeyUri), Is.EqualTo((SigningMode.Key, uri)));
        Assert.That(settings.Describe(), Is.EqualTo("key " + uri));
    }

    [Test]
    public void COSIGN_KEY_may_name_a_key_URI_too()
    {
        Assert.That(Read(null, "hashivault://rds-csi").KeyUri, Is.EqualTo("hashivault://rds-csi"));
    }

    [TestCase("awskms://", "the form is awskms:///alias/")]
    [TestCase("awskms:///alias/x/../../etc", "not a well-formed awskms://")]
    [TestCase("gcpkms://projects/p/keyRings/r", "the form is gcpkms://projects/P/locations/L/keyRings/R/cryptoKeys/K")]
    [TestCase("k8s://Release/key", "the form is k8s://NAMESPACE/SECRET")]
    [TestCase("k8s://release", "the form is k8s://NAMESPACE/SECRET")]
    [TestCase("hashivault://a/b", "the form is hashivault://KEY-NAME")]
    [TestCase("pkcs11:", "not a well-formed pkcs11:")]
    [TestCase("s3://bucket/cosign.key", "is not a key URI cosign takes")]
    [TestCase("hashivault://rds csi", "a space, a line break or a control character")]
    [TestCase("hashivault://rds-csi\n--key=/etc/passwd", "a space, a line break or a control character")]
    [TestCase("k8s://release/key\0", "a space, a line break or a control character")]
    public void A_malformed_or_unknown_key_URI_is_refused_with_the_form_it_must_have(string uri, string message)
    {
        Assert.That(() => Read(uri), Throws.TypeOf<BuildConfigurationException>().With.Message.Contains("--signing-key").And.Message.Contains(message));
    }

    [Test]
    public void A_key_file_path_is_still_a_key_file()
    {
        var settings = Read("keys/cosign.key");

        Assert.That(settings.KeyUri, Is.Null);
        Assert.That(settings.PrivateKey.FullPath, Does.EndWith("keys/cosign.key"));
    }
}
