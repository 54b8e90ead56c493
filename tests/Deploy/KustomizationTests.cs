using Build.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Build.Tests.Deploy;

/// <summary>deploy/kubernetes: the driver image in one place, and kustomize (kubectl kustomize, a real tool) pinning it.</summary>
public sealed class KustomizationTests
{
    private const string Folder = "deploy/kubernetes";
    private const string Digest = "sha256:4b1e1d1c0ffee0ddba11ad5eedfacade0123456789abcdef0123456789abcdef";

    [Test]
    public void The_kustomization_holds_the_driver_image_in_one_images_entry()
    {
        var kustomization = RepositoryFiles.Document($"{Folder}/kustomization.yaml");

        var image = (YamlMappingNode)((YamlSequenceNode)RepositoryFiles.At(kustomization, "images")).Children.Single();

        Assert.That(RepositoryFiles.Scalar(image, "name"), Is.EqualTo(RepositoryFiles.DriverImage));
        Assert.That(RepositoryFiles.Scalar(image, "newTag"), Is.EqualTo("0.1.0"));
        Assert.That(RepositoryFiles.Has(image, "digest"), Is.False, "the copy in git has no digest; a release sets it");
    }

    [TestCase("controller.yaml")]
    [TestCase("node.yaml")]
    public void Each_workload_names_the_driver_image_that_kustomize_rewrites(string file)
    {
        var driver = RepositoryFiles.Containers(RepositoryFiles.Document($"{Folder}/{file}"))["rds-csi-driver"];

        Assert.That(RepositoryFiles.Scalar(driver, "image"), Is.EqualTo($"{RepositoryFiles.DriverImage}:0.1.0"));
    }

    [Test]
    public void No_other_manifest_names_the_driver_image()
    {
        var naming = Directory.GetFiles(RepositoryFiles.PathOf(Folder), "*.yaml")
            .Where(file => File.ReadAllText(file).Contains(RepositoryFiles.DriverImage, StringComparison.Ordinal))
            .Select(Path.GetFileName)
            .Order(StringComparer.Ordinal);

        Assert.That(naming, Is.EqualTo(new[] { "controller.yaml", "kustomization.yaml", "node.yaml" }));
    }

    [Test]
    public void The_kustomization_lists_every_manifest_in_the_folder()
    {
        var kustomization = RepositoryFiles.Document($"{Folder}/kustomization.yaml");
        var resources = ((YamlSequenceNode)RepositoryFiles.At(kustomization, "resources")).Children.Select(node => ((YamlScalarNode)node).Value);
        var files = Directory.GetFiles(RepositoryFiles.PathOf(Folder), "*.yaml").Select(Path.GetFileName).Where(name => name != "kustomization.yaml");

        Assert.That(resources, Is.EquivalentTo(files));
    }

    [Test]
    public void Kustomize_pins_both_workloads_to_the_digest_set_in_the_images_entry()
    {
        using var copy = new TempDirectory("kustomize");
        foreach (var file in Directory.GetFiles(RepositoryFiles.PathOf(Folder)))
        {
            File.Copy(file, copy.Combine(Path.GetFileName(file)));
        }

        var kustomization = copy.Combine("kustomization.yaml");
        File.WriteAllText(kustomization, File.ReadAllText(kustomization).Replace("    newTag: \"0.1.0\"", $"    digest: {Digest}", StringComparison.Ordinal));

        var rendered = Kustomize(copy.Path);

        var images = rendered.Split('\n').Select(line => line.Trim()).Where(line => line.StartsWith($"image: {RepositoryFiles.DriverImage}", StringComparison.Ordinal)).ToList();
        Assert.That(images, Is.EqualTo(new[] { $"image: {RepositoryFiles.DriverImage}@{Digest}", $"image: {RepositoryFiles.DriverImage}@{Digest}" }));
        Assert.That(rendered, Does.Contain("namespace: rds-csi"));
    }

    [Test]
    public void Kustomize_renders_the_folder_as_it_is_in_git()
    {
        var rendered = Kustomize(RepositoryFiles.PathOf(Folder));

        Assert.That(rendered.Split('\n').Count(line => line.Trim() == $"image: {RepositoryFiles.DriverImage}:0.1.0"), Is.EqualTo(2));
    }

    private static string Kustomize(string folder)
    {
        if (!OnPath("kubectl"))
        {
            Assert.Ignore("kubectl is not installed, so kustomize cannot render the manifests here (apt-get install kubectl, or any kubectl >= 1.14).");
        }

        var result = Run.Process("kubectl", ["kustomize", folder], timeout: TimeSpan.FromMinutes(2));
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        return result.Output;
    }

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator).Any(directory => File.Exists(Path.Combine(directory, tool)));
}
