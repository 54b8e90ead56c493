using Cake.Core;
using Cake.Core.IO;
using Cake.Core.Tooling;

namespace Build.Tools.Helm;

/// <summary>Runs helm 3; each command's argument list comes from a pure <c>BuildArguments</c> overload.</summary>
public sealed class HelmRunner(IFileSystem fileSystem, ICakeEnvironment environment, IProcessRunner processRunner, IToolLocator tools)
    : CapturingTool<HelmSettings>(fileSystem, environment, processRunner, tools)
{
    public const string InstallHint =
        "install helm 3: see https://helm.sh/docs/intro/install/ (in GitHub Actions: azure/setup-helm, pinned by commit SHA).";

    /// <summary>Lints <paramref name="chart"/>; a failing chart is a result (see <see cref="HelmLintReport.Passed"/>), not an exception.</summary>
    public HelmLintReport Lint(DirectoryPath chart, HelmLintSettings settings)
    {
        var result = Execute(settings, BuildArguments(chart, settings), allowFailure: true, what: "helm lint " + chart.FullPath);
        try
        {
            return HelmOutput.ParseLint(result.OutputText + "\n" + result.ErrorText);
        }
        catch (FormatException) when (!result.Succeeded)
        {
            throw new ToolFailedException(result, "helm lint " + chart.FullPath);
        }
    }

    /// <summary>Packages <paramref name="chart"/> and returns the archive's path.</summary>
    public FilePath Package(DirectoryPath chart, HelmPackageSettings settings)
    {
        var result = Execute(settings, BuildArguments(chart, settings), what: "helm package " + chart.FullPath);
        return new FilePath(HelmOutput.ParsePackagePath(result.OutputText + "\n" + result.ErrorText));
    }

    /// <summary>Pushes <paramref name="package"/> under <paramref name="remote"/> (oci://REGISTRY/NAMESPACE) and returns the digest helm reports.</summary>
    public HelmPushResult Push(FilePath package, string remote, HelmPushSettings settings)
    {
        var result = Execute(settings, BuildArguments(package, remote, settings), what: $"helm push {package.GetFilename()} {remote}");
        return HelmOutput.ParsePush(result.OutputText + "\n" + result.ErrorText);
    }

    public FilePath? Locate() => Locate(new HelmLintSettings());

    public static ProcessArgumentBuilder BuildArguments(DirectoryPath chart, HelmLintSettings settings)
    {
        var builder = new ProcessArgumentBuilder().Append("lint").AppendQuoted(chart.FullPath);
        if (settings.Strict)
        {
            builder.Append("--strict");
        }

        AppendValues(builder, settings.ValuesFiles);
        return builder;
    }

    public static ProcessArgumentBuilder BuildArguments(DirectoryPath chart, HelmPackageSettings settings)
    {
        var builder = new ProcessArgumentBuilder().Append("package").AppendQuoted(chart.FullPath);
        if (!string.IsNullOrEmpty(settings.Version))
        {
            builder.Append("--version").AppendQuoted(settings.Version);
        }

        if (!string.IsNullOrEmpty(settings.AppVersion))
        {
            builder.Append("--app-version").AppendQuoted(settings.AppVersion);
        }

        if (settings.Destination is not null)
        {
            builder.Append("--destination").AppendQuoted(settings.Destination.FullPath);
        }

        return builder;
    }

    public static ProcessArgumentBuilder BuildArguments(FilePath package, string remote, HelmPushSettings settings)
    {
        if (!remote.StartsWith("oci://", StringComparison.Ordinal))
        {
            throw new ArgumentException($"helm push needs an oci:// remote (oci://REGISTRY/NAMESPACE), not '{remote}'.", nameof(remote));
        }

        var builder = new ProcessArgumentBuilder().Append("push").AppendQuoted(package.FullPath).AppendQuoted(remote);
        if (settings.PlainHttp)
        {
            builder.Append("--plain-http");
        }

        if (settings.InsecureSkipTlsVerify)
        {
            builder.Append("--insecure-skip-tls-verify");
        }

        return builder;
    }

    protected override string GetToolName() => "helm";

    protected override IEnumerable<string> GetToolExecutableNames() => ["helm", "helm.exe"];

    private static void AppendValues(ProcessArgumentBuilder builder, IEnumerable<FilePath> valuesFiles)
    {
        foreach (var file in valuesFiles)
        {
            builder.Append("--values").AppendQuoted(file.FullPath);
        }
    }
}
