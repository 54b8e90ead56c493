using System.Text.Json.Serialization;

namespace Build.Scanning;

/// <summary>One vulnerability trivy found in one package of one target (an OS layer, a Go binary ...).</summary>
public sealed record TrivyVulnerability(
    string Target,
    string VulnerabilityId,
    string PackageName,
    string InstalledVersion,
    string? FixedVersion,
    string Severity,
    string? Title,
    string? Status)
{
    public bool IsFixed => !string.IsNullOrEmpty(FixedVersion);

    public override string ToString() =>
        $"{VulnerabilityId} ({Severity}) in {PackageName} {InstalledVersion}: " + (IsFixed ? $"fixed in {FixedVersion}" : "no fixed version yet");
}

/// <summary>What one trivy target held.</summary>
public sealed record TrivyResult(string Target, string? Class, string? Type, IReadOnlyList<TrivyVulnerability> Vulnerabilities);

/// <summary>Trivy's JSON report (<c>trivy image --format json</c>, schema version 2).</summary>
public sealed record TrivyReport(int SchemaVersion, string? ArtifactName, IReadOnlyList<TrivyResult> Results)
{
    public IEnumerable<TrivyVulnerability> Vulnerabilities => Results.SelectMany(result => result.Vulnerabilities);

    /// <summary>How many vulnerabilities of each severity, most severe first; severities with none are left out.</summary>
    public IReadOnlyDictionary<string, int> CountBySeverity() => CountBySeverity(Vulnerabilities);

    public static IReadOnlyDictionary<string, int> CountBySeverity(IEnumerable<TrivyVulnerability> vulnerabilities)
    {
        var counts = new SortedDictionary<string, int>(Comparer<string>.Create((left, right) =>
            Scanning.Severity.Rank(left) != Scanning.Severity.Rank(right)
                ? Scanning.Severity.Rank(left).CompareTo(Scanning.Severity.Rank(right))
                : string.CompareOrdinal(left, right)));
        foreach (var vulnerability in vulnerabilities)
        {
            counts[vulnerability.Severity] = counts.GetValueOrDefault(vulnerability.Severity) + 1;
        }

        return counts;
    }

    public static TrivyReport Load(string path) => Parse(ReportJson.ReadFile(path, "trivy report"), path);

    public static TrivyReport Parse(string json, string source = "the trivy report")
    {
        var document = ReportJson.Deserialize<Document>(json, source, "trivy's JSON report (trivy image --format json)");
        if (document.SchemaVersion is not 2)
        {
            throw new ReportFormatException(
                $"{source} has SchemaVersion {document.SchemaVersion?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)"}; expected 2, the JSON that trivy image --format json writes.");
        }

        var results = (document.Results ?? []).Select((result, index) =>
        {
            var target = result.Target ?? throw new ReportFormatException($"{source}: Results[{index}] has no Target.");
            var vulnerabilities = (result.Vulnerabilities ?? []).Select((vulnerability, position) => new TrivyVulnerability(
                target,
                vulnerability.VulnerabilityID ?? throw new ReportFormatException($"{source}: Results[{index}].Vulnerabilities[{position}] has no VulnerabilityID."),
                vulnerability.PkgName ?? "",
                vulnerability.InstalledVersion ?? "",
                string.IsNullOrEmpty(vulnerability.FixedVersion) ? null : vulnerability.FixedVersion,
                (vulnerability.Severity ?? Scanning.Severity.Unknown).ToUpperInvariant(),
                vulnerability.Title,
                vulnerability.Status)).ToList();
            return new TrivyResult(target, result.Class, result.Type, vulnerabilities);
        }).ToList();
        return new TrivyReport(2, document.ArtifactName, results);
    }

    private sealed class Document
    {
        [JsonPropertyName("SchemaVersion")]
        public int? SchemaVersion { get; init; }

        [JsonPropertyName("ArtifactName")]
        public string? ArtifactName { get; init; }

        [JsonPropertyName("Results")]
        public List<ResultDocument>? Results { get; init; }
    }

    private sealed class ResultDocument
    {
        [JsonPropertyName("Target")]
        public string? Target { get; init; }

        [JsonPropertyName("Class")]
        public string? Class { get; init; }

        [JsonPropertyName("Type")]
        public string? Type { get; init; }

        [JsonPropertyName("Vulnerabilities")]
        public List<VulnerabilityDocument>? Vulnerabilities { get; init; }
    }

    private sealed class VulnerabilityDocument
    {
        public string? VulnerabilityID { get; init; }

        public string? PkgName { get; init; }

        public string? InstalledVersion { get; init; }

        public string? FixedVersion { get; init; }

        public string? Severity { get; init; }

        public string? Title { get; init; }

        public string? Status { get; init; }
    }
}
