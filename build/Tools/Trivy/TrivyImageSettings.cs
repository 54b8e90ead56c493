using Build.Scanning;
using Cake.Core.IO;
using Cake.Core.Tooling;

namespace Build.Tools.Trivy;

/// <summary><c>trivy image</c>: scans an image for vulnerabilities.</summary>
public sealed class TrivyImageSettings : ToolSettings
{
    public TrivyFormat Format { get; set; } = TrivyFormat.Json;

    /// <summary>-o: the report file; null prints to stdout.</summary>
    public FilePath? Output { get; set; }

    /// <summary>--severity: the severities reported; empty reports all. Names from <see cref="Scanning.Severity"/>.</summary>
    public IList<string> Severities { get; } = [];

    /// <summary>--ignore-unfixed: leave out vulnerabilities without a fixed version.</summary>
    public bool IgnoreUnfixed { get; set; }

    /// <summary>--ignorefile: a .trivyignore file of accepted vulnerability IDs.</summary>
    public FilePath? IgnoreFile { get; set; }

    /// <summary>--exit-code: trivy's exit code when it reports any vulnerability; null exits 0 regardless.</summary>
    public int? ExitCode { get; set; }

    /// <summary>--platform: which image of a multi-platform index to scan (linux/arm64 ...).</summary>
    public string? Platform { get; set; }

    /// <summary>--scanners vuln: skip the secret scanner, which the release gate does not use.</summary>
    public bool VulnerabilitiesOnly { get; set; } = true;

    /// <summary>--skip-db-update: use the vulnerability database already in the cache.</summary>
    public bool SkipDatabaseUpdate { get; set; }

    /// <summary>--cache-dir: where trivy keeps its database.</summary>
    public DirectoryPath? CacheDirectory { get; set; }

    /// <summary>--insecure: plain HTTP or unverified TLS, for the loopback rehearsal registry only.</summary>
    public bool Insecure { get; set; }

    /// <summary>Registry user, passed as TRIVY_USERNAME.</summary>
    public string? RegistryUsername { get; set; }

    /// <summary>Registry password or token, passed as TRIVY_PASSWORD; never an argument.</summary>
    public string? RegistryPassword { get; set; }
}

public enum TrivyFormat
{
    Table,
    Json,
    Sarif,
    CycloneDx,
    SpdxJson,
}
