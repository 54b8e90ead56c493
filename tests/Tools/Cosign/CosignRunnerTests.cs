using Build.Tests.Scanning;
using Build.Tests.Support;
using Build.Tools;
using Build.Tools.Cosign;

namespace Build.Tests.Tools.Cosign;

/// <summary>The cosign runner against real processes: a PATH without cosign, and fake cosign scripts.</summary>
public sealed class CosignRunnerTests
{
    private const string Image = "127.0.0.1:5959/rds-csi@sha256:e583dc0e018fc11d659da7d1957c60ad8a523eafc142a9de391516eb45594e6f";

    [Test]
    public void Cosign_is_reported_missing_when_it_is_not_on_PATH()
    {
        using var emptyPath = new TempDirectory();

        Assert.That(FakeTool.ContextWithoutTools(emptyPath).CosignRunner().Locate(), Is.Null);
        Assert.That(CosignRunner.InstallHint, Does.Contain("install cosign 3.x").And.Contain("github.com/sigstore/cosign/releases"));
    }

    [Test]
    public void Fake_cosign_is_found_on_PATH()
    {
        using var cosign = new FakeTool("cosign", "exit 0\n");

        Assert.That(cosign.Context(cosign.Directory).CosignRunner().Locate()?.FullPath, Is.EqualTo(Path.Combine(cosign.Directory, "cosign")));
    }

    [Test]
    public void Fake_cosign_gets_the_password_in_COSIGN_PASSWORD_never_in_its_arguments_or_the_log()
    {
        using var record = new TempDirectory();
        using var keys = new TempDirectory();
        using var cosign = new FakeTool("cosign", $"""
            printf '%s\n' "$@" > '{record.Path}/arguments'
            printf '%s' "${"{"}COSIGN_PASSWORD-unset{"}"}" > '{record.Path}/password'
            prefix=cosign
            if [ "$2" = "--output-key-prefix" ]; then prefix="$3"; fi
            : > "$prefix.key"
            : > "$prefix.pub"
            echo "Private key written to $prefix.key" >&2
            """);
        var log = new RecordingLog();

        var pair = cosign.Context(keys.Path, log).CosignGenerateKeyPair(new CosignGenerateKeyPairSettings
        {
            OutputDirectory = keys.Path,
            OutputKeyPrefix = "release",
            KeyPassword = "s3cret-for-the-test",
        });

        Assert.That(File.ReadAllText(record.Combine("password")), Is.EqualTo("s3cret-for-the-test"));
        Assert.That(File.ReadAllLines(record.Combine("arguments")), Is.EqualTo(new[] { "generate-key-pair", "--output-key-prefix", "release" }));
        Assert.That(log.Text, Does.Not.Contain("s3cret"));
        Assert.That(pair.PrivateKey.FullPath, Is.EqualTo(keys.Combine("release.key")));
        Assert.That(File.Exists(pair.PrivateKey.FullPath) && File.Exists(pair.PublicKey.FullPath), Is.True, "the fake wrote the pair into the output directory");
    }

    [Test]
    public void Generating_a_key_pair_without_a_password_is_refused_before_cosign_runs()
    {
        using var keys = new TempDirectory();
        using var cosign = new FakeTool("cosign", $"touch '{keys.Path}/ran'\n");

        var error = Assert.Throws<ArgumentException>(() => cosign.Context(keys.Path).CosignGenerateKeyPair(new CosignGenerateKeyPairSettings { OutputDirectory = keys.Path }));

        Assert.That(error.Message, Does.Contain("KeyPassword").And.Contain("COSIGN_PASSWORD"));
        Assert.That(File.Exists(keys.Combine("ran")), Is.False);
    }

    [Test]
    public void Verify_reads_the_payloads_a_fake_cosign_prints()
    {
        using var work = new TempDirectory();
        var output = work.Write("verify-output.txt", Samples.Read("cosign/verify-key.txt"));
        // Real cosign prints the checks on stderr and the JSON array on stdout.
        using var cosign = new FakeTool("cosign", $"""
            grep -v '^\[' '{output}' >&2
            grep '^\[' '{output}'
            """);

        var signatures = cosign.Context(work.Path).CosignVerify(Image, new CosignVerifySettings { Identity = CosignIdentity.PublicKey("cosign.pub") });

        Assert.That(signatures.Single().ManifestDigest, Is.EqualTo("sha256:e583dc0e018fc11d659da7d1957c60ad8a523eafc142a9de391516eb45594e6f"));
    }

    [Test]
    public void A_failed_fake_cosign_verify_throws_with_cosigns_own_error()
    {
        using var work = new TempDirectory();
        using var cosign = new FakeTool("cosign", """
            echo "Error: no matching signatures: invalid signature when validating ASN.1 encoded signature" >&2
            exit 10
            """);

        var error = Assert.Throws<ToolFailedException>(() =>
            cosign.Context(work.Path).CosignVerify(Image, new CosignVerifySettings { Identity = CosignIdentity.PublicKey("cosign.pub") }));

        Assert.That(error.Message, Does.Contain("cosign verify " + Image).And.Contain("exit code 10").And.Contain("no matching signatures"));
    }
}
