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
    public void Inspect_with_a_format_and_credentials()
    {
        var settings = new SkopeoInspectSettings { Image = "docker://ghcr.io/a/b:1", Format = "{{.Digest}}", Credentials = "u:p4ss" };

        var args = SkopeoInspectSettingsArguments(settings);

        Assert.That(args.Render(), Is.EqualTo("inspect --tls-verify=true --format \"{{.Digest}}\" --creds \"u:p4ss\" \"docker://ghcr.io/a/b:1\""));
        Assert.That(args.RenderSafe(), Does.Not.Contain("p4ss"));
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
