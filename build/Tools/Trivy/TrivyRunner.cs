using Build.Scanning;
using Cake.Core;
using Cake.Core.IO;
using Cake.Core.Tooling;

namespace Build.Tools.Trivy;

/// <summary>Runs trivy; the argument list comes from the pure <see cref="BuildArguments"/>.</summary>
public sealed class TrivyRunner(IFileSystem fileSystem, ICakeEnvironment environment, IProcessRunner processRunner, IToolLocator tools)
    : CapturingTool<TrivyImageSettings>(fileSystem, environment, processRunner, tools)
{
    public const string UsernameVariable = "TRIVY_USERNAME";
    public const string PasswordVariable = "TRIVY_PASSWORD";

    public const string InstallHint =
        "install it: see https://trivy.dev/latest/getting-started/installation/ (pin the version; in GitHub Actions pin aquasecurity/setup-trivy by commit SHA).";

    /// <summary>
    /// Scans <paramref name="reference"/>. Exiting with <see cref="TrivyImageSettings.ExitCode"/> means "vulnerabilities found",
    /// not a failure; any other non-zero exit throws with trivy's own error text.
    /// </summary>
    public TrivyImageResult Image(string reference, TrivyImageSettings settings)
    {
        var result = Execute(settings, BuildArguments(reference, settings), allowFailure: true, what: "trivy image " + reference);
        var found = settings.ExitCode is { } code && code != 0 && result.ExitCode == code;
        if (!result.Succeeded && !found)
        {
            throw new ToolFailedException(result, "trivy image " + reference);
        }

        return new TrivyImageResult(result, found, settings.Output);
    }

    public FilePath? Locate() => Locate(new TrivyImageSettings());

    public static ProcessArgumentBuilder BuildArguments(string reference, TrivyImageSettings settings)
    {
        if (string.IsNullOrWhiteSpace(reference))
        {
            throw new ArgumentException("trivy image needs an image reference.", nameof(reference));
        }

        var builder = new ProcessArgumentBuilder().Append("image").Append("--format").Append(FormatName(settings.Format));
        if (settings.Output is not null)
        {
            builder.Append("--output").AppendQuoted(settings.Output.FullPath);
        }

        if (settings.Severities.Count > 0)
        {
            var severities = Severity.ParseList(string.Join(',', settings.Severities), "trivy --severity");
            builder.Append("--severity").Append(string.Join(',', Severity.All.Where(severities.Contains)));
        }

        if (settings.IgnoreUnfixed)
        {
            builder.Append("--ignore-unfixed");
        }

        if (settings.IgnoreFile is not null)
        {
            builder.Append("--ignorefile").AppendQuoted(settings.IgnoreFile.FullPath);
        }

        if (settings.ExitCode is { } exitCode)
        {
            builder.Append("--exit-code").Append(exitCode.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (!string.IsNullOrEmpty(settings.Platform))
        {
            builder.Append("--platform").AppendQuoted(settings.Platform);
        }

        if (settings.VulnerabilitiesOnly)
        {
            builder.Append("--scanners").Append("vuln");
        }

        if (settings.SkipDatabaseUpdate)
        {
            builder.Append("--skip-db-update");
        }

        if (settings.CacheDirectory is not null)
        {
            builder.Append("--cache-dir").AppendQuoted(settings.CacheDirectory.FullPath);
        }

        if (settings.Insecure)
        {
            builder.Append("--insecure");
        }

        return builder.AppendQuoted(reference);
    }

    /// <summary>Registry credentials reach trivy only through TRIVY_USERNAME and TRIVY_PASSWORD.</summary>
    public static IReadOnlyDictionary<string, string> BuildEnvironment(TrivyImageSettings settings)
    {
        var variables = new Dictionary<string, string>(settings.EnvironmentVariables ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        if (settings.RegistryUsername is not null)
        {
            variables[UsernameVariable] = settings.RegistryUsername;
        }

        if (settings.RegistryPassword is not null)
        {
            variables[PasswordVariable] = settings.RegistryPassword;
        }

        return variables;
    }

    protected override string GetToolName() => "trivy";

    protected override IEnumerable<string> GetToolExecutableNames() => ["trivy", "trivy.exe"];

    protected override IDictionary<string, string> GetEnvironmentVariables(TrivyImageSettings settings) =>
        new Dictionary<string, string>(BuildEnvironment(settings));

    private static string FormatName(TrivyFormat format) => format switch
    {
        TrivyFormat.Table => "table",
        TrivyFormat.Json => "json",
        TrivyFormat.Sarif => "sarif",
        TrivyFormat.CycloneDx => "cyclonedx",
        TrivyFormat.SpdxJson => "spdx-json",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown trivy format."),
    };
}

/// <summary>How a trivy scan ended: its output, whether it signalled vulnerabilities through the exit code, and the report file.</summary>
public sealed record TrivyImageResult(ToolResult Result, bool VulnerabilitiesFound, FilePath? Report);
