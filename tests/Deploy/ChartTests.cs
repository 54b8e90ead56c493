using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Build.Tests.Deploy;

/// <summary>The Helm chart in deploy/helm/rds-csi-driver, read as files (no helm here: see ChartCheck).</summary>
public sealed partial class ChartTests
{
    private const string Chart = "deploy/helm/rds-csi-driver";

    [Test]
    public void The_chart_is_version_0_1_0_of_the_driver_at_appVersion_0_1_0()
    {
        var chart = RepositoryFiles.Document($"{Chart}/Chart.yaml");

        Assert.That(RepositoryFiles.Scalar(chart, "apiVersion"), Is.EqualTo("v2"));
        Assert.That(RepositoryFiles.Scalar(chart, "name"), Is.EqualTo("rds-csi-driver"));
        Assert.That(RepositoryFiles.Scalar(chart, "version"), Is.EqualTo("0.1.0"));
        Assert.That(RepositoryFiles.Scalar(chart, "appVersion"), Is.EqualTo("0.1.0"));
    }

    [Test]
    public void Values_name_the_driver_image_with_an_empty_tag_and_digest()
    {
        var values = RepositoryFiles.Document($"{Chart}/values.yaml");

        Assert.That(RepositoryFiles.Scalar(values, "image", "repository"), Is.EqualTo(RepositoryFiles.DriverImage));
        Assert.That(RepositoryFiles.Scalar(values, "image", "tag"), Is.Empty);
        Assert.That(RepositoryFiles.Scalar(values, "image", "digest"), Is.Empty);
        Assert.That(RepositoryFiles.Scalar(values, "driverName"), Is.EqualTo(RepositoryFiles.DriverName));
    }

    [Test]
    public void The_image_helper_renders_repository_tag_at_digest_when_a_digest_is_set()
    {
        var helpers = RepositoryFiles.Text($"{Chart}/templates/_helpers.tpl");

        Assert.That(helpers, Does.Contain("define \"rds-csi-driver.image\""));
        Assert.That(helpers, Does.Contain("{{- if $image.digest -}}"));
        Assert.That(helpers, Does.Contain("printf \"%s:%s@%s\" $image.repository $tag $image.digest"));
        Assert.That(helpers, Does.Contain("printf \"%s@%s\" $image.repository $image.digest"), "no tag at all: repository@digest");
        Assert.That(helpers, Does.Contain("(dict \"image\" .Values.image \"defaultTag\" .Chart.AppVersion)"));
    }

    [TestCase("controller.yaml", 6)]
    [TestCase("node.yaml", 3)]
    public void Every_container_image_of_a_workload_goes_through_the_image_helper(string template, int containers)
    {
        var images = ImageLine().Matches(RepositoryFiles.Text($"{Chart}/templates/{template}")).Select(match => match.Groups["value"].Value).ToList();

        Assert.That(images, Has.Count.EqualTo(containers));
        Assert.That(images, Has.Exactly(1).EqualTo("{{ include \"rds-csi-driver.driverImage\" . }}"));
        Assert.That(images, Is.All.StartWith("{{ include \"rds-csi-driver."));
    }

    [Test]
    public void Every_values_key_is_commented()
    {
        var lines = File.ReadAllLines(RepositoryFiles.PathOf($"{Chart}/values.yaml"));
        var uncommented = new List<string>();
        var freeFormIndent = -1;
        for (var index = 0; index < lines.Length; index++)
        {
            var key = ValuesKey().Match(lines[index]);
            if (!key.Success)
            {
                continue;
            }

            var indent = key.Groups["indent"].Length;
            if (freeFormIndent >= 0 && indent > freeFormIndent)
            {
                continue;
            }

            freeFormIndent = FreeFormKeys.Contains(key.Groups["key"].Value) ? indent : -1;
            var commented = lines[index].Contains('#', StringComparison.Ordinal) || (index > 0 && lines[index - 1].TrimStart().StartsWith('#'));
            if (!commented)
            {
                uncommented.Add($"line {index + 1}: {lines[index].Trim()}");
            }
        }

        Assert.That(uncommented, Is.Empty);
    }

    [Test]
    public void The_sidecar_images_are_the_same_in_the_chart_and_the_plain_manifests()
    {
        var values = RepositoryFiles.Document($"{Chart}/values.yaml");
        var chartImages = ((YamlMappingNode)RepositoryFiles.At(values, "sidecars")).Children.Values
            .Select(sidecar => $"{RepositoryFiles.Scalar(sidecar, "image", "repository")}:{RepositoryFiles.Scalar(sidecar, "image", "tag")}")
            .ToHashSet();
        var manifestImages = new[] { "controller.yaml", "node.yaml" }
            .SelectMany(file => RepositoryFiles.Containers(RepositoryFiles.Document($"deploy/kubernetes/{file}")).Values)
            .Select(container => RepositoryFiles.Scalar(container, "image"))
            .Where(image => !image.StartsWith(RepositoryFiles.DriverImage, StringComparison.Ordinal))
            .ToHashSet();

        Assert.That(manifestImages, Is.EquivalentTo(chartImages));
        Assert.That(chartImages, Is.All.StartWith("registry.k8s.io/sig-storage/"));
    }

    [Test]
    public void The_driver_name_is_the_same_everywhere()
    {
        var csiDriver = RepositoryFiles.Document("deploy/kubernetes/csidriver.yaml");
        var storageClass = RepositoryFiles.Document("deploy/kubernetes/storageclass.yaml");
        var snapshotClass = RepositoryFiles.Document("deploy/kubernetes/snapshotclass.yaml");
        var node = RepositoryFiles.Document("deploy/kubernetes/node.yaml");

        Assert.That(RepositoryFiles.Scalar(csiDriver, "metadata", "name"), Is.EqualTo(RepositoryFiles.DriverName));
        Assert.That(RepositoryFiles.Scalar(storageClass, "provisioner"), Is.EqualTo(RepositoryFiles.DriverName));
        Assert.That(RepositoryFiles.Scalar(snapshotClass, "driver"), Is.EqualTo(RepositoryFiles.DriverName));
        Assert.That(RepositoryFiles.Scalar(node, "spec", "template", "spec", "volumes", 0, "hostPath", "path"), Is.EqualTo($"/var/lib/kubelet/plugins/{RepositoryFiles.DriverName}/"));
    }

    /// <summary>Keys whose values are data for Kubernetes (resources, selectors...), not chart settings.</summary>
    private static readonly HashSet<string> FreeFormKeys = ["resources", "nodeSelector", "tolerations", "affinity", "annotations", "parameters"];

    [GeneratedRegex(@"^\s*image:\s*(?<value>.+)$", RegexOptions.Multiline)]
    private static partial Regex ImageLine();

    [GeneratedRegex(@"^(?<indent>\s*)(?<key>[A-Za-z_][A-Za-z0-9_]*):")]
    private static partial Regex ValuesKey();
}
