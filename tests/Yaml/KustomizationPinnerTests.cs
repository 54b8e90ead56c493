using Build.Tests.Support;
using Build.Yaml;

namespace Build.Tests.Yaml;

public sealed class KustomizationPinnerTests
{
    private const string Digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private static string RepositoryKustomization() =>
        File.ReadAllText(Path.Combine(BuildProgram.RepositoryRoot, "deploy", "kubernetes", "kustomization.yaml"));

    [Test]
    public void NewTag_becomes_the_digest_and_every_other_line_is_unchanged()
    {
        var before = RepositoryKustomization();

        var after = KustomizationPinner.Pin(before, "ghcr.io/3whiskeywhiskey/rds-csi", Digest);

        var changed = before.Split('\n').Zip(after.Split('\n')).Where(pair => pair.First != pair.Second).ToList();
        Assert.That(changed, Has.Count.EqualTo(1));
        Assert.That(changed[0].Second.Trim(), Is.EqualTo("digest: " + Digest));
        Assert.That(YamlScalarEditor.Get(after, YamlPath.Parse("images[0].digest")), Is.EqualTo(Digest));
    }

    [Test]
    public void Pinning_twice_gives_the_same_text()
    {
        var once = KustomizationPinner.Pin(RepositoryKustomization(), "ghcr.io/3whiskeywhiskey/rds-csi", Digest);

        Assert.That(KustomizationPinner.Pin(once, "ghcr.io/3whiskeywhiskey/rds-csi", Digest), Is.EqualTo(once));
    }

    [Test]
    public void An_unlisted_image_is_an_error_naming_it()
    {
        var error = Assert.Throws<YamlEditException>(() => KustomizationPinner.Pin(RepositoryKustomization(), "ghcr.io/other/image", Digest));

        Assert.That(error!.Message, Does.Contain("ghcr.io/other/image"));
    }

    [Test]
    public void Kustomize_would_pin_both_workloads_to_the_digest()
    {
        if (Run.Process("bash", ["-c", "command -v kubectl"]).ExitCode != 0)
        {
            Assert.Ignore("kubectl is not installed; the text check above covers the edit.");
        }

        using var copy = new TempDirectory();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(BuildProgram.RepositoryRoot, "deploy", "kubernetes")))
        {
            File.Copy(file, copy.Combine(Path.GetFileName(file)));
        }

        File.WriteAllText(copy.Combine("kustomization.yaml"), KustomizationPinner.Pin(RepositoryKustomization(), "ghcr.io/3whiskeywhiskey/rds-csi", Digest));
        var rendered = Run.Process("kubectl", ["kustomize", copy.Path]);

        Assert.That(rendered.ExitCode, Is.EqualTo(0), rendered.ToString());
        Assert.That(System.Text.RegularExpressions.Regex.Matches(rendered.Output, "image: ghcr.io/3whiskeywhiskey/rds-csi@" + Digest), Has.Count.EqualTo(2));
    }
}
