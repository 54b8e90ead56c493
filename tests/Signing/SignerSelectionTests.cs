using Build.Configuration;
using Build.Signing;
using Build.Tests.Reporting;
using Build.Tests.Support;
using Cake.Core.IO;

namespace Build.Tests.Signing;

/// <summary>The composition root picks the signer backend once: the cosign CLI where it is installed, else the native signer.</summary>
public sealed class SignerSelectionTests
{
    private TempDirectory _working = null!;

    [SetUp]
    public void SetUp() => _working = new TempDirectory();

    [TearDown]
    public void TearDown() => _working.Dispose();

    [Test]
    public void Where_cosign_is_installed_the_cosign_CLI_signs_chosen_once_Fake()
    {
        using var cosign = new FakeTool("cosign", "exit 0\n");
        var services = ReleaseContexts.Pushed(_working.Path, new Dictionary<string, string?> { ["PATH"] = cosign.Directory }).Services;
        var first = services.Signer;

        Assert.That(first, Is.TypeOf<CosignCliSigner>());
        Assert.That(services.Signer, Is.SameAs(first), "chosen once");
        Assert.That(first.Describe(), Is.EqualTo("rehearsal key artifacts/keys/cosign.key, cosign"));
        Assert.That(first.BlobSignatureOf(new FilePath("/r/SHA256SUMS")).FullPath, Is.EqualTo("/r/SHA256SUMS.sigstore.json"));
        Assert.That(first.UsesTransparencyLog, Is.False, "a rehearsal stays off the public transparency log");
    }

    [Test]
    public void Without_cosign_the_native_signer_signs_in_cosign_formats()
    {
        var services = ReleaseContexts.Pushed(_working.Path).Services;

        Assert.That(services.Signer, Is.TypeOf<NativeSigner>());
        Assert.That(services.Signer.Describe(), Is.EqualTo("rehearsal key artifacts/keys/cosign.key, native cosign format"));
        Assert.That(services.Signer.BlobSignatureOf(new FilePath("/r/SHA256SUMS")).FullPath, Is.EqualTo("/r/SHA256SUMS.sig"));
        Assert.That(services.Signer.UsesTransparencyLog, Is.False);
    }

    [Test]
    public void Keyless_with_cosign_goes_to_the_transparency_log_Fake()
    {
        using var cosign = new FakeTool("cosign", "exit 0\n");
        var environment = ReleaseContexts.KeylessPublish(_working.Path);
        environment["PATH"] = cosign.Directory;
        var signer = ReleaseContexts.Pushed(_working.Path, environment).Services.Signer;

        Assert.That(signer.Settings.Mode, Is.EqualTo(SigningMode.Keyless));
        Assert.That(signer.UsesTransparencyLog, Is.True);
        Assert.DoesNotThrow(signer.PrepareKeys, "cosign signs keyless; there is no key to prepare");
    }

    [Test]
    public void Keyless_without_cosign_is_refused_when_the_keys_are_prepared_naming_how_to_install_it()
    {
        var signer = ReleaseContexts.Pushed(_working.Path, ReleaseContexts.KeylessPublish(_working.Path)).Services.Signer;

        var error = Assert.Throws<BuildConfigurationException>(signer.PrepareKeys);

        Assert.That(error!.Message, Does.StartWith("Keyless signing needs cosign, which is not installed"));
    }

    [Test]
    public void The_native_rehearsal_signer_makes_its_key_pair_once_and_signs_a_file_that_verifies_until_it_changes()
    {
        var signer = ReleaseContexts.Pushed(_working.Path).Services.Signer;
        var file = new FilePath(_working.Write("SHA256SUMS", "abc  chart.tgz\n"));

        signer.PrepareKeys();
        var signature = signer.SignBlob(file);
        signer.WaitForKeyFile();

        Assert.That(signature.FullPath, Is.EqualTo(file.FullPath + ".sig"));
        Assert.That(File.Exists(signer.Settings.PrivateKey.FullPath) && File.Exists(signer.Settings.PublicKey.FullPath), Is.True);
        Assert.That(signer.BlobVerifies(file), Is.True);
        File.AppendAllText(file.FullPath, "tampered\n");
        Assert.That(signer.BlobVerifies(file), Is.False);
        Assert.Throws<InvalidOperationException>(() => signer.VerifyBlob(file));
    }

    [Test]
    public void A_stand_in_signer_cannot_replace_one_in_use_Fake()
    {
        var services = ReleaseContexts.Pushed(_working.Path).Services;
        _ = services.Signer;

        Assert.Throws<InvalidOperationException>(() => services.UseSigner(new FakeSigner(_working.Path)));
    }
}
