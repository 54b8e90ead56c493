using Build.Configuration;
using Build.Keys;
using Build.Signing;
using Build.Tests.Support;
using Cake.Core.IO;

namespace Build.Tests.Signing;

/// <summary>
/// A key in a KMS or HSM, signed with through a fake cosign (a shell script that records its arguments and environment;
/// cosign cannot be installed here): the URI reaches sign, attest and sign-blob unchanged, no COSIGN_PASSWORD goes with
/// it, the provider's credentials do, and its public key (cosign public-key) must be the active key of keys.yaml.
/// </summary>
public sealed class KmsSigningContractTests
{
    private const string Uri = "awskms:///alias/rds-csi-signing";
    private const string AwsSecret = "aws-secret-for-contract-7781";

    private TempDirectory _working = null!;
    private ToolPath _path = null!;
    private RecordingLog _log = null!;
    private string _record = null!;
    private string _kmsPublicKey = null!;

    [SetUp]
    public void SetUp()
    {
        _working = new TempDirectory();
        _path = ToolPath.With();
        _log = new RecordingLog();
        _record = _working.Combine("cosign-calls.txt");
        _kmsPublicKey = _working.Write("kms.pub", CosignKeys.Generate(string.Empty).PublicPem);
        _path.AddScript("cosign", $$"""
            echo "ARGS: $*" >> '{{_record}}'
            echo "ENV: password=${COSIGN_PASSWORD-unset} aws=${AWS_SECRET_ACCESS_KEY-unset}" >> '{{_record}}'
            case "$1" in
              public-key) cat '{{_kmsPublicKey}}' ;;
              attest|sign-blob|sign) exit 0 ;;
              *) exit 1 ;;
            esac
            """);
    }

    [TearDown]
    public void TearDown()
    {
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", null);
        _path.Dispose();
        _working.Dispose();
    }

    private (BuildContext Context, SigningSettings Settings) Context(string signingKey = Uri)
    {
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", AwsSecret);
        var context = InMemoryContexts.CreateWithPathAndArguments(_working.Path, _path.Value, _log, options => options with { Secrets = options.Secrets with { CosignPassword = null } }, new() { [Arguments.SigningKey] = signingKey });
        return (context, SigningSettings.Read(context));
    }

    private string[] Calls => File.Exists(_record) ? File.ReadAllLines(_record) : [];

    [Test]
    public async Task The_KMS_key_URI_reaches_sign_attest_and_sign_blob_unchanged_without_a_password_and_with_the_provider_credentials_Contract()
    {
        new KeyRotation(_working.Path).Rotate(File.ReadAllText(_kmsPublicKey), DateOnly.FromDateTime(DateTime.UtcNow));
        var (context, settings) = Context();
        var signer = new CosignCliSigner(context, settings);
        var image = ImageName.Parse("127.0.0.1:5000/acme/kms", "test");
        var digest = "sha256:" + new string('a', 64);
        var predicate = _working.Write("sbom.spdx.json", "{}");
        var blob = _working.Write("SHA256SUMS", "x\n");

        signer.PrepareKeys();
        await signer.SignImageAsync(image, digest);
        await signer.AttestAsync(image, digest, "spdxjson", new FilePath(predicate));
        signer.SignBlob(new FilePath(blob));

        var args = Calls.Where(line => line.StartsWith("ARGS:", StringComparison.Ordinal)).ToList();
        Assert.That(args[0], Is.EqualTo($"ARGS: public-key --key {Uri}"));
        Assert.That(args.Skip(1).Select(line => line.Split(' ')[1]), Is.EqualTo(new[] { "sign", "attest", "sign-blob" }));
        Assert.That(args.Skip(1), Has.All.Contain($" --key {Uri} "));
        Assert.That(Calls.Where(line => line.StartsWith("ENV:", StringComparison.Ordinal)), Has.All.EqualTo($"ENV: password=unset aws={AwsSecret}"), "cosign inherits the provider's credentials; no password is made up");
        Assert.That(File.ReadAllText(settings.PublicKey.FullPath), Is.EqualTo(File.ReadAllText(_kmsPublicKey)), "the public key cosign read is the run's cosign.pub");
        Assert.That(_log.Text, Does.Contain($"Signing with {Uri}: its public key is the active key"));
    }

    [Test]
    public void A_KMS_key_that_is_not_the_active_key_of_keys_yaml_is_refused_before_anything_is_signed_Contract()
    {
        new KeyRotation(_working.Path).Rotate(CosignKeys.Generate(string.Empty).PublicPem, DateOnly.FromDateTime(DateTime.UtcNow));
        var (context, settings) = Context();

        Assert.That(() => new CosignCliSigner(context, settings).PrepareKeys(), Throws.TypeOf<BuildConfigurationException>()
            .With.Message.Contains($"The public key of {Uri} (fingerprint").And.Message.Contains("is not the active key of deploy/keys/keys.yaml").And.Message.Contains($"--target=RotateKeys --signing-key={Uri}"));
        Assert.That(Calls.Where(line => line.StartsWith("ARGS:", StringComparison.Ordinal)), Is.EqualTo(new[] { $"ARGS: public-key --key {Uri}" }));
    }

    [Test]
    public void Without_cosign_a_KMS_key_fails_the_preflight_saying_the_native_signer_handles_key_files_only()
    {
        using var empty = ToolPath.With();
        var context = InMemoryContexts.CreateWithPathAndArguments(_working.Path, empty.Value, _log, options => options, new() { [Arguments.SigningKey] = Uri });

        Assert.That(() => new NativeSigner(context, SigningSettings.Read(context)).PrepareKeys(), Throws.TypeOf<BuildConfigurationException>()
            .With.Message.Contains("only cosign signs with one (the native signer handles key files only)").And.Message.Contains("install cosign"));
    }

    [Test]
    public void RotateKeys_with_a_KMS_key_URI_adds_the_public_key_cosign_reads_and_writes_no_private_key_Contract()
    {
        var (context, _) = Context();

        new Build.Tasks.RotateKeysTask().Run(context);

        var key = KeysFile.Read(_working.Path).Single();
        Assert.That(key.Id, Is.EqualTo(KeyFingerprint.OfPem(File.ReadAllText(_kmsPublicKey), "kms.pub")));
        Assert.That(key.Status, Is.EqualTo(KeyStatus.Active));
        Assert.That(Directory.GetFiles(_working.Path, "cosign-*.key"), Is.Empty);
        Assert.That(_log.Text, Does.Contain("its private half stays in the KMS/HSM"));
    }
}
