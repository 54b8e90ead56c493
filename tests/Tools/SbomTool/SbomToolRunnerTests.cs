using Build.Scanning;
using Build.Tests.Support;
using Build.Tools.SbomTool;

namespace Build.Tests.Tools.SbomTool;

public sealed class SbomToolRunnerTests
{
    [Test]
    public void Generate_passes_every_setting_in_sbom_tools_short_flags()
    {
        var settings = new SbomToolGenerateSettings
        {
            BuildDropPath = "/work/rootfs",
            BuildComponentPath = "/repo",
            PackageName = "rds-csi",
            PackageVersion = "1.2.3",
            PackageSupplier = "3WhiskeyWhiskey",
            NamespaceUriBase = "https://github.com/3whiskeywhiskey/rds-csi",
            NamespaceUriUniquePart = "v1.2.3",
            ManifestDirPath = "/out/sbom",
            ManifestInfo = SbomToolManifestFormat.Spdx22,
            GenerationTimestamp = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)),
            Verbosity = "Warning",
        };

        Assert.That(SbomToolRunner.BuildArguments(settings).RenderSafe(), Is.EqualTo(
            "tool run sbom-tool -- generate -b \"/work/rootfs\" -bc \"/repo\" -pn \"rds-csi\" -pv \"1.2.3\" -ps \"3WhiskeyWhiskey\" "
            + "-nsb \"https://github.com/3whiskeywhiskey/rds-csi\" -nsu \"v1.2.3\" -m \"/out/sbom\" -mi \"SPDX:2.2\" -gt \"2026-01-02T01:04:05Z\" -D true -V \"Warning\""));
    }

    [Test]
    public void Components_are_detected_in_the_drop_unless_told_otherwise()
    {
        var arguments = SbomToolRunner.BuildArguments(Minimal("/work/rootfs")).RenderSafe();

        Assert.That(arguments, Is.EqualTo(
            "tool run sbom-tool -- generate -b \"/work/rootfs\" -bc \"/work/rootfs\" -pn \"rds-csi\" -pv \"1.2.3\" -ps \"3WhiskeyWhiskey\" "
            + "-nsb \"https://github.com/3whiskeywhiskey/rds-csi\" -D true"));
    }

    [Test]
    public void The_SPDX_file_lands_under_the_manifest_directory_in_a_folder_per_version()
    {
        Assert.That(SbomToolRunner.SpdxFile(Minimal("/work/rootfs")).FullPath, Is.EqualTo("/work/rootfs/_manifest/spdx_2.2/manifest.spdx.json"));
        var spdx3 = Minimal("/work/rootfs");
        spdx3.ManifestDirPath = "/out";
        spdx3.ManifestInfo = SbomToolManifestFormat.Spdx30;
        Assert.That(SbomToolRunner.SpdxFile(spdx3).FullPath, Is.EqualTo("/out/_manifest/spdx_3.0/manifest.spdx.json"));
    }

    [Test]
    public void It_runs_on_newer_runtimes_without_telemetry()
    {
        Assert.That(SbomToolRunner.BuildEnvironment(Minimal("/work")), Is.EqualTo(new Dictionary<string, string>
        {
            ["DOTNET_ROLL_FORWARD"] = "Major",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        }));
    }

    [Test]
    public void A_missing_package_name_is_refused_naming_the_setting()
    {
        var settings = Minimal("/work");
        settings.PackageName = " ";

        var error = Assert.Throws<ArgumentException>(() => SbomToolRunner.BuildArguments(settings));

        Assert.That(error.Message, Does.Contain("-pn needs a value: set PackageName"));
    }

    [Test]
    public void The_real_sbom_tool_writes_an_SPDX_document_of_a_directory_that_parses()
    {
        var restore = Run.Process("dotnet", ["tool", "restore"], BuildProgram.RepositoryRoot, timeout: TimeSpan.FromMinutes(5));
        Assert.That(restore.ExitCode, Is.EqualTo(0), restore.ToString());
        using var drop = new TempDirectory("rdscsi-sbom-drop");
        drop.Write("bin/rds-csi-plugin", "not really a binary\n");
        drop.Write("package.json", """{"name":"rds-csi-docs","version":"2.0.0","dependencies":{}}""");
        var settings = Minimal(drop.Path);
        settings.WorkingDirectory = BuildProgram.RepositoryRoot;
        settings.GenerationTimestamp = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        settings.Verbosity = "Warning";

        var spdx = CakeContexts.Create(BuildProgram.RepositoryRoot).SbomToolGenerate(settings);

        Assert.That(spdx.FullPath, Is.EqualTo(Path.Combine(drop.Path, "_manifest", "spdx_2.2", "manifest.spdx.json")));
        var document = SpdxDocument.Load(spdx.FullPath);
        Assert.That(document.SpdxVersion, Is.EqualTo("SPDX-2.2"));
        Assert.That(document.Name, Is.EqualTo("rds-csi 1.2.3"));
        Assert.That(document.Created, Is.EqualTo("2026-01-01T00:00:00Z"));
        Assert.That(document.DocumentNamespace, Does.StartWith("https://github.com/3whiskeywhiskey/rds-csi/rds-csi/1.2.3/"));
        Assert.That(document.Tools.Single(), Does.StartWith("Microsoft.SBOMTool-"));
        Assert.That(document.Packages.Select(package => package.Purl), Does.Contain("pkg:npm/rds-csi-docs@2.0.0"));
    }

    private static SbomToolGenerateSettings Minimal(string drop) => new()
    {
        BuildDropPath = drop,
        PackageName = "rds-csi",
        PackageVersion = "1.2.3",
        PackageSupplier = "3WhiskeyWhiskey",
        NamespaceUriBase = "https://github.com/3whiskeywhiskey/rds-csi",
    };
}
