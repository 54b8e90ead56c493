using Cake.Core.IO;
using Cake.Core.Tooling;

namespace Build.Tools.Helm;

/// <summary>The base of every helm command's settings.</summary>
public abstract class HelmSettings : ToolSettings;

/// <summary><c>helm lint DIR</c>.</summary>
public sealed class HelmLintSettings : HelmSettings
{
    /// <summary>--strict: warnings fail the lint too.</summary>
    public bool Strict { get; set; }

    /// <summary>--values: extra values files to lint with.</summary>
    public IList<FilePath> ValuesFiles { get; } = [];
}

/// <summary><c>helm package DIR --version V --app-version V -d OUT</c>.</summary>
public sealed class HelmPackageSettings : HelmSettings
{
    /// <summary>--version: the chart version written into the package (and its file name).</summary>
    public string? Version { get; set; }

    /// <summary>--app-version: the application version written into Chart.yaml.</summary>
    public string? AppVersion { get; set; }

    /// <summary>-d: where the .tgz goes.</summary>
    public DirectoryPath? Destination { get; set; }
}

/// <summary><c>helm push CHART.tgz oci://REGISTRY/NAMESPACE</c>.</summary>
public sealed class HelmPushSettings : HelmSettings
{
    /// <summary>--plain-http: for the loopback rehearsal registry only.</summary>
    public bool PlainHttp { get; set; }

    /// <summary>--insecure-skip-tls-verify: for test registries only.</summary>
    public bool InsecureSkipTlsVerify { get; set; }
}
