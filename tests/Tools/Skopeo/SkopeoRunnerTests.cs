using Build.Tools.Skopeo;

namespace Build.Tests.Tools.Skopeo;

public sealed class SkopeoRunnerTests
{
    [Test]
    public void Copy_takes_the_source_and_destination_logins_from_auth_files()
    {
        var settings = new SkopeoCopySettings { Source = "docker://ghcr.io/a/b:1", Destination = "oci:/x:image", SourceAuthFile = "/tmp/s/auth.json", DestinationAuthFile = "/tmp/d/auth.json" };

        var args = SkopeoRunner.CopyArguments(settings).Render();

        Assert.That(args, Does.Contain("--src-authfile \"/tmp/s/auth.json\"").And.Contain("--dest-authfile \"/tmp/d/auth.json\"").And.Not.Contain("creds"));
    }

    [Test]
    public void Copy_keeps_every_platform_and_the_digest()
    {
        var settings = new SkopeoCopySettings
        {
            Source = "docker://127.0.0.1:5000/a/b@sha256:00",
            Destination = "docker://127.0.0.1:5000/a/b:1.2",
            SourceTlsVerify = false,
            DestinationTlsVerify = false,
        };

        Assert.That(SkopeoRunner.CopyArguments(settings).Render(), Is.EqualTo(
            "copy --all --preserve-digests --src-tls-verify=false --dest-tls-verify=false --quiet \"docker://127.0.0.1:5000/a/b@sha256:00\" \"docker://127.0.0.1:5000/a/b:1.2\""));
    }
}
