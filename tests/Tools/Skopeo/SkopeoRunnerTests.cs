using Build.Tools.Skopeo;

namespace Build.Tests.Tools.Skopeo;

public sealed class SkopeoRunnerTests
{
    [Test]
    public void Inspect_raw_of_a_loopback_registry()
    {
        var settings = new SkopeoInspectSettings { Image = "docker://127.0.0.1:5000/a/b@sha256:00", Raw = true, TlsVerify = false };

        Assert.That(SkopeoRunner.InspectArguments(settings).Render(), Is.EqualTo("inspect --tls-verify=false --raw \"docker://127.0.0.1:5000/a/b@sha256:00\""));
    }

    [Test]
    public void Inspect_with_a_format_and_credentials_in_an_auth_file()
    {
        var settings = new SkopeoInspectSettings { Image = "docker://ghcr.io/a/b:1", Format = "{{.Digest}}", AuthFile = "/tmp/a/auth.json" };

        var args = SkopeoInspectSettingsArguments(settings);

        Assert.That(args.Render(), Is.EqualTo("inspect --tls-verify=true --format \"{{.Digest}}\" --authfile \"/tmp/a/auth.json\" \"docker://ghcr.io/a/b:1\""));
    }

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

    [Test]
    public void List_tags_of_a_repository()
    {
        Assert.That(SkopeoRunner.ListTagsArguments(new SkopeoListTagsSettings { Repository = "docker://ghcr.io/a/b" }).Render(),
            Is.EqualTo("list-tags --tls-verify=true \"docker://ghcr.io/a/b\""));
    }

    private static Cake.Core.IO.ProcessArgumentBuilder SkopeoInspectSettingsArguments(SkopeoInspectSettings settings) => SkopeoRunner.InspectArguments(settings);
}
