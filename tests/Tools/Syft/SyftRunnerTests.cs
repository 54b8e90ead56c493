using Build.Tests.Support;
using Build.Tools.Syft;

namespace Build.Tests.Tools.Syft;

public sealed class SyftRunnerTests
{
    private const string Image = "127.0.0.1:5959/rds-csi@sha256:e583dc0e018fc11d659da7d1957c60ad8a523eafc142a9de391516eb45594e6f";

    [Test]
    public void Scan_of_one_platform_of_a_registry_image_writes_SPDX_JSON()
    {
        var settings = new SyftScanSettings { Platform = "linux/arm64" };
        settings.Outputs.Add(new SyftOutput(SyftFormat.SpdxJson, "/out/sbom-linux-arm64.spdx.json"));

        Assert.That(SyftRunner.BuildArguments(SyftSource.Registry(Image), settings).RenderSafe(), Is.EqualTo(
            $"scan \"registry:{Image}\" --platform \"linux/arm64\" -o \"spdx-json=/out/sbom-linux-arm64.spdx.json\""));
    }

    [Test]
    public void Scan_can_write_several_formats_and_name_the_source()
    {
        var settings = new SyftScanSettings { SourceName = "rds-csi", SourceVersion = "1.2.3" };
        settings.Outputs.Add(new SyftOutput(SyftFormat.SpdxJson, "/out/sbom.spdx.json"));
        settings.Outputs.Add(new SyftOutput(SyftFormat.CycloneDxJson, "/out/sbom.cdx.json"));
        settings.Outputs.Add(new SyftOutput(SyftFormat.SyftJson, "/out/sbom.syft.json"));

        Assert.That(SyftRunner.BuildArguments(SyftSource.OciDirectory("/work/oci"), settings).RenderSafe(), Is.EqualTo(
            "scan \"oci-dir:/work/oci\" -o \"spdx-json=/out/sbom.spdx.json\" -o \"cyclonedx-json=/out/sbom.cdx.json\" -o \"syft-json=/out/sbom.syft.json\" "
            + "--source-name \"rds-csi\" --source-version \"1.2.3\""));
    }

    [Test]
    public void A_directory_source_uses_the_dir_scheme()
    {
        Assert.That(SyftSource.Directory("/work/rootfs").ToString(), Is.EqualTo("dir:/work/rootfs"));
    }

    [Test]
    public void A_scan_that_writes_nothing_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => SyftRunner.BuildArguments(SyftSource.Registry(Image), new SyftScanSettings()));

        Assert.That(error.Message, Does.Contain("writes nothing").And.Contain("Outputs"));
    }

    [Test]
    public void The_http_registry_is_allowed_through_syfts_environment_and_the_update_check_is_off()
    {
        Assert.That(SyftRunner.BuildEnvironment(new SyftScanSettings { AllowHttpRegistry = true }), Is.EqualTo(new Dictionary<string, string>
        {
            ["SYFT_CHECK_FOR_APP_UPDATE"] = "false",
            ["SYFT_REGISTRY_INSECURE_USE_HTTP"] = "true",
        }));
        Assert.That(SyftRunner.BuildEnvironment(new SyftScanSettings()).ContainsKey("SYFT_REGISTRY_INSECURE_USE_HTTP"), Is.False);
    }

    [Test]
    public void Syft_is_reported_missing_when_it_is_not_on_PATH()
    {
        using var emptyPath = new TempDirectory();

        Assert.That(FakeTool.ContextWithoutTools(emptyPath).SyftRunner().Locate(), Is.Null);
    }

    [Test]
    public void Fake_syft_gets_the_arguments_and_environment_the_scan_asks_for()
    {
        using var record = new TempDirectory();
        using var syft = new FakeTool("syft", $"""
            printf '%s\n' "$@" > '{record.Path}/arguments'
            printf '%s' "$SYFT_REGISTRY_INSECURE_USE_HTTP" > '{record.Path}/http'
            """);
        var settings = new SyftScanSettings { AllowHttpRegistry = true };
        settings.Outputs.Add(new SyftOutput(SyftFormat.SpdxJson, record.Combine("sbom.spdx.json")));

        var files = syft.Context(record.Path).SyftScan(SyftSource.Registry(Image), settings);

        Assert.That(File.ReadAllLines(record.Combine("arguments")), Is.EqualTo(new[] { "scan", "registry:" + Image, "-o", "spdx-json=" + record.Combine("sbom.spdx.json") }));
        Assert.That(File.ReadAllText(record.Combine("http")), Is.EqualTo("true"));
        Assert.That(files.Single().FullPath, Is.EqualTo(record.Combine("sbom.spdx.json")));
    }
}
