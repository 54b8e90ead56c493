using Build.Tools.Buildah;

namespace Build.Tests.Tools.Buildah;

public sealed class BuildahRunnerTests
{
    [Test]
    public void Build_of_one_platform_into_a_manifest_list()
    {
        var settings = new BuildahBuildSettings
        {
            Context = "/src/driver",
            Dockerfile = "/src/driver/Dockerfile",
            Platform = "linux/arm64",
            Manifest = "localhost/rds-csi-release:abc1234",
            Timestamp = 1700000000,
            Pull = "missing",
            Root = "/store/root",
            RunRoot = "/store/run",
            StorageDriver = "vfs",
        };
        settings.BuildArgs["GIT_COMMIT"] = "abc";
        settings.Labels["org.opencontainers.image.title"] = "rds csi";

        Assert.That(BuildahRunner.BuildArguments(settings).Render(), Is.EqualTo(
            "--root \"/store/root\" --runroot \"/store/run\" --storage-driver \"vfs\" build --platform \"linux/arm64\" " +
            "--manifest \"localhost/rds-csi-release:abc1234\" --isolation \"chroot\" --pull=missing --timestamp 1700000000 " +
            "--build-arg \"GIT_COMMIT=abc\" --label \"org.opencontainers.image.title=rds csi\" --file \"/src/driver/Dockerfile\" --quiet \"/src/driver\""));
    }

    [Test]
    public void Build_without_options_is_just_the_context()
    {
        var settings = new BuildahBuildSettings { Context = "/src", Isolation = null, Quiet = false };

        Assert.That(BuildahRunner.BuildArguments(settings).Render(), Is.EqualTo("build \"/src\""));
    }

    [Test]
    public void Manifest_push_sends_the_whole_index_as_OCI_and_writes_the_digest_file()
    {
        var settings = new BuildahManifestPushSettings
        {
            Manifest = "localhost/rds-csi-release:abc1234",
            Destination = "docker://127.0.0.1:5000/acme/rds-csi:1.2.3",
            DigestFile = "/out/image.digest",
            TlsVerify = false,
        };

        Assert.That(BuildahRunner.PushArguments(settings).Render(), Is.EqualTo(
            "manifest push --all --format oci --tls-verify=false --digestfile \"/out/image.digest\" --quiet " +
            "\"localhost/rds-csi-release:abc1234\" \"docker://127.0.0.1:5000/acme/rds-csi:1.2.3\""));
    }

    [Test]
    public void Registry_credentials_are_passed_as_an_auth_file_and_never_on_the_command_line()
    {
        var settings = new BuildahManifestPushSettings { Manifest = "m", Destination = "docker://ghcr.io/a/b:1", AuthFile = "/tmp/rdscsi-auth-x/auth.json" };

        var args = BuildahRunner.PushArguments(settings);

        Assert.That(args.Render(), Does.Contain("--authfile \"/tmp/rdscsi-auth-x/auth.json\""));
        Assert.That(args.Render(), Does.Not.Contain("--creds"));
        Assert.That(args.Render(), Does.Contain("--tls-verify=true"));
    }

    [Test]
    public void Manifest_rm_names_the_list()
    {
        Assert.That(BuildahRunner.RemoveArguments(new BuildahManifestRemoveSettings { Manifest = "localhost/x:1", StorageDriver = "vfs" }).Render(),
            Is.EqualTo("--storage-driver \"vfs\" manifest rm \"localhost/x:1\""));
    }
}
