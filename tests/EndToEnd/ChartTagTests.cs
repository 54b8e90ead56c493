using System.Security.Cryptography;
using System.Text.Json;
using Build.Tests.Support;

namespace Build.Tests.EndToEnd;

/// <summary>
/// v5.0.0 released from commit A, then v5.0.0 from commit B with another image path in the same namespace: the chart's
/// OCI tag (acme/rds-csi-driver:5.0.0) must not move to B's chart unless --force, and VerifyRelease of A must notice when
/// it did. Real program, real registry; the registry's content is read with skopeo and hashed independently.
/// </summary>
[NonParallelizable]
public sealed class ChartTagTests
{
    [Test]
    public void The_chart_tag_of_a_version_is_not_moved_by_a_release_from_another_commit_and_VerifyRelease_checks_it()
    {
        using var registry = new RegistryProcess();
        using var a = ReleaseRepository.Create();
        a.Tag("v5.0.0");
        using var b = ReleaseRepository.Create();
        b.Commit("another commit", "other.txt", "b\n");
        b.Tag("v5.0.0");
        var chart = $"{registry.Address}/acme/rds-csi-driver:5.0.0";
        string[] releaseA = ["--target=Release", $"--image={registry.Address}/acme/rds-csi"];
        string[] releaseB = ["--target=Release", $"--image={registry.Address}/acme/rds-csi-other"];

        var first = BuildProgram.Run(a.Path, releaseA, timeout: TimeSpan.FromMinutes(10));
        Assert.That(first.ExitCode, Is.EqualTo(0), first.ToString());
        Assert.That(first.Output, Does.Contain("which this run did not start"), "a registry the run did not start is used, but not unannounced");
        var bundleChart = Path.Combine(a.Path, "artifacts", "release", "5.0.0", "rds-csi-driver-5.0.0.tgz");
        Assert.That(ChartLayer(chart), Is.EqualTo(Sha256(bundleChart)), "the registry's chart layer is the bundle's .tgz");
        var released = Skopeo.Digest(chart);

        var second = BuildProgram.Run(b.Path, releaseB, timeout: TimeSpan.FromMinutes(10));
        Assert.That(second.ExitCode, Is.Not.EqualTo(0), second.ToString());
        Assert.That(second.All, Does.Contain($"oci://{chart} is already released from another commit").And.Contain(a.Head));
        Assert.That(Skopeo.Digest(chart), Is.EqualTo(released), "the chart tag did not move");
        Assert.That(Skopeo.Tags($"{registry.Address}/acme/rds-csi-other"), Is.Empty, "refused before anything was pushed");

        var verified = BuildProgram.Run(a.Path, ["--target=VerifyRelease", $"--image={registry.Address}/acme/rds-csi"]);
        Assert.That(verified.ExitCode, Is.EqualTo(0), verified.ToString());
        Assert.That(verified.Output, Does.Contain($"OK     oci://{chart} holds rds-csi-driver-5.0.0.tgz"));

        var forced = BuildProgram.Run(b.Path, [.. releaseB, "--force"], timeout: TimeSpan.FromMinutes(10));
        Assert.That(forced.ExitCode, Is.EqualTo(0), forced.ToString());
        Assert.That(Skopeo.Digest(chart), Is.Not.EqualTo(released), "--force moves the tag");

        var stale = BuildProgram.Run(a.Path, ["--target=VerifyRelease", $"--image={registry.Address}/acme/rds-csi"]);
        Assert.That(stale.ExitCode, Is.Not.EqualTo(0), stale.ToString());
        Assert.That(stale.Output, Does.Contain($"FAILED oci://{chart} holds rds-csi-driver-5.0.0.tgz"));
    }

    /// <summary>The digest of the chart layer of the manifest the tag names, as skopeo reads it.</summary>
    private static string ChartLayer(string reference)
    {
        using var manifest = JsonDocument.Parse(Skopeo.Raw(reference));
        return manifest.RootElement.GetProperty("layers").EnumerateArray()
            .Single(layer => layer.GetProperty("mediaType").GetString() == "application/vnd.cncf.helm.chart.content.v1.tar+gzip")
            .GetProperty("digest").GetString()!;
    }

    private static string Sha256(string file) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)));
}
