using System.Globalization;
using Cake.Core;
using Cake.Core.IO;
using Cake.Core.Tooling;

namespace Build.Tools.SbomTool;

/// <summary>
/// Runs sbom-tool from the repository's tool manifest (<c>dotnet tool run sbom-tool</c>). It is built for .NET 8, so it
/// runs with DOTNET_ROLL_FORWARD=Major; the working directory must be inside the repository for the manifest to be found.
/// </summary>
public sealed class SbomToolRunner : CapturingTool<SbomToolGenerateSettings>
{
    public const string InstallHint =
        "sbom-tool is a local dotnet tool of this repository: run `dotnet tool restore` at the repository root (NuGet package Microsoft.Sbom.DotNetTool).";

    private readonly IFileSystem _fileSystem;
    private readonly ICakeEnvironment _environment;

    public SbomToolRunner(IFileSystem fileSystem, ICakeEnvironment environment, IProcessRunner processRunner, IToolLocator tools)
        : base(fileSystem, environment, processRunner, tools)
    {
        _fileSystem = fileSystem;
        _environment = environment;
    }

    /// <summary>Generates the SBOM and returns the SPDX file it wrote.</summary>
    public FilePath Generate(SbomToolGenerateSettings settings)
    {
        var result = Execute(settings, BuildArguments(settings), what: "sbom-tool generate " + settings.BuildDropPath.FullPath);
        var spdx = SpdxFile(settings).MakeAbsolute(settings.WorkingDirectory?.MakeAbsolute(_environment) ?? _environment.WorkingDirectory);
        return _fileSystem.Exist(spdx)
            ? spdx
            : throw new ToolFailedException(result, $"sbom-tool generate (it wrote no {spdx.FullPath})");
    }

    /// <summary>Installs the repository's dotnet tools (sbom-tool among them) from the tool manifest in <paramref name="manifestDirectory"/>.</summary>
    public void RestoreTools(DirectoryPath manifestDirectory) =>
        Execute(
            new SbomToolGenerateSettings { BuildDropPath = manifestDirectory, PackageName = "-", PackageVersion = "-", PackageSupplier = "-", NamespaceUriBase = "-", WorkingDirectory = manifestDirectory },
            new ProcessArgumentBuilder().Append("tool").Append("restore"),
            what: "dotnet tool restore (for sbom-tool) in " + manifestDirectory.FullPath);

    /// <summary>Where sbom-tool writes the SPDX document: MANIFESTDIR/_manifest/spdx_2.2/manifest.spdx.json.</summary>
    public static FilePath SpdxFile(SbomToolGenerateSettings settings)
    {
        var folder = settings.ManifestInfo == SbomToolManifestFormat.Spdx30 ? "spdx_3.0" : "spdx_2.2";
        return (settings.ManifestDirPath ?? settings.BuildDropPath).Combine("_manifest").Combine(folder).CombineWithFilePath("manifest.spdx.json");
    }

    public static ProcessArgumentBuilder BuildArguments(SbomToolGenerateSettings settings)
    {
        var builder = new ProcessArgumentBuilder().Append("tool").Append("run").Append("sbom-tool").Append("--").Append("generate");
        AppendRequired(builder, "-b", settings.BuildDropPath?.FullPath, nameof(settings.BuildDropPath));
        AppendRequired(builder, "-bc", (settings.BuildComponentPath ?? settings.BuildDropPath)?.FullPath, nameof(settings.BuildComponentPath));
        AppendRequired(builder, "-pn", settings.PackageName, nameof(settings.PackageName));
        AppendRequired(builder, "-pv", settings.PackageVersion, nameof(settings.PackageVersion));
        AppendRequired(builder, "-ps", settings.PackageSupplier, nameof(settings.PackageSupplier));
        AppendRequired(builder, "-nsb", settings.NamespaceUriBase, nameof(settings.NamespaceUriBase));
        AppendOptional(builder, "-nsu", settings.NamespaceUriUniquePart);
        AppendOptional(builder, "-m", settings.ManifestDirPath?.FullPath);
        AppendOptional(builder, "-mi", settings.ManifestInfo switch
        {
            SbomToolManifestFormat.Spdx22 => "SPDX:2.2",
            SbomToolManifestFormat.Spdx30 => "SPDX:3.0",
            _ => null,
        });
        AppendOptional(builder, "-gt", settings.GenerationTimestamp?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        builder.Append("-D").Append(settings.DeleteManifestDirIfPresent ? "true" : "false");
        AppendOptional(builder, "-V", settings.Verbosity);
        return builder;
    }

    public static IReadOnlyDictionary<string, string> BuildEnvironment(SbomToolGenerateSettings settings) =>
        new Dictionary<string, string>(settings.EnvironmentVariables ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            ["DOTNET_ROLL_FORWARD"] = "Major",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        };

    protected override string GetToolName() => "sbom-tool";

    protected override IEnumerable<string> GetToolExecutableNames() => ["dotnet", "dotnet.exe"];

    protected override IDictionary<string, string> GetEnvironmentVariables(SbomToolGenerateSettings settings) =>
        new Dictionary<string, string>(BuildEnvironment(settings));

    private static void AppendRequired(ProcessArgumentBuilder builder, string flag, string? value, string setting)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"sbom-tool generate {flag} needs a value: set {setting}.", setting);
        }

        builder.Append(flag).AppendQuoted(value);
    }

    private static void AppendOptional(ProcessArgumentBuilder builder, string flag, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            builder.Append(flag).AppendQuoted(value);
        }
    }
}
