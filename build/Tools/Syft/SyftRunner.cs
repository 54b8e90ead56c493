using Cake.Core;
using Cake.Core.IO;
using Cake.Core.Tooling;

namespace Build.Tools.Syft;

/// <summary>Runs syft; the argument list comes from the pure <see cref="BuildArguments"/>.</summary>
public sealed class SyftRunner(IFileSystem fileSystem, ICakeEnvironment environment, IProcessRunner processRunner, IToolLocator tools)
    : CapturingTool<SyftScanSettings>(fileSystem, environment, processRunner, tools)
{
    public const string InstallHint =
        "install syft: download it from https://github.com/anchore/syft/releases (in GitHub Actions: anchore/sbom-action/download-syft).";

    /// <summary>Scans <paramref name="source"/> and returns the SBOM files written.</summary>
    public IReadOnlyList<FilePath> Scan(SyftSource source, SyftScanSettings settings)
    {
        Execute(settings, BuildArguments(source, settings), what: "syft scan " + source);
        return settings.Outputs.Select(output => output.File).ToList();
    }

    public FilePath? Locate() => Locate(new SyftScanSettings());

    public static ProcessArgumentBuilder BuildArguments(SyftSource source, SyftScanSettings settings)
    {
        if (settings.Outputs.Count == 0)
        {
            throw new ArgumentException($"syft scan {source} writes nothing: add an output to {nameof(settings.Outputs)} (for example SpdxJson to sbom.spdx.json).", nameof(settings));
        }

        var builder = new ProcessArgumentBuilder().Append("scan").AppendQuoted(source.ToString());
        if (!string.IsNullOrEmpty(settings.Platform))
        {
            builder.Append("--platform").AppendQuoted(settings.Platform);
        }

        foreach (var output in settings.Outputs)
        {
            builder.Append("-o").AppendQuoted($"{output.FormatName}={output.File.FullPath}");
        }

        if (!string.IsNullOrEmpty(settings.SourceName))
        {
            builder.Append("--source-name").AppendQuoted(settings.SourceName);
        }

        if (!string.IsNullOrEmpty(settings.SourceVersion))
        {
            builder.Append("--source-version").AppendQuoted(settings.SourceVersion);
        }

        return builder;
    }

    /// <summary>Registry options syft takes only from its environment, and no update check (the build must not reach out).</summary>
    public static IReadOnlyDictionary<string, string> BuildEnvironment(SyftScanSettings settings)
    {
        var variables = new Dictionary<string, string>(settings.EnvironmentVariables ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            ["SYFT_CHECK_FOR_APP_UPDATE"] = "false",
        };
        if (settings.AllowHttpRegistry)
        {
            variables["SYFT_REGISTRY_INSECURE_USE_HTTP"] = "true";
        }

        return variables;
    }

    protected override string GetToolName() => "syft";

    protected override IEnumerable<string> GetToolExecutableNames() => ["syft", "syft.exe"];

    protected override IDictionary<string, string> GetEnvironmentVariables(SyftScanSettings settings) =>
        new Dictionary<string, string>(BuildEnvironment(settings));
}
