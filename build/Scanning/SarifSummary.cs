using System.Text.Json.Serialization;

namespace Build.Scanning;

/// <summary>One SARIF run: the tool that made it and how many results it has, by level and by rule.</summary>
public sealed record SarifRunSummary(
    string ToolName,
    string? ToolVersion,
    int RuleCount,
    int ResultCount,
    IReadOnlyDictionary<string, int> ResultsByLevel,
    IReadOnlyDictionary<string, int> ResultsByRule);

/// <summary>Enough of a SARIF 2.1 log to report on it and to check that a scanner wrote a sane file.</summary>
public sealed record SarifSummary(string Version, IReadOnlyList<SarifRunSummary> Runs)
{
    public int ResultCount => Runs.Sum(run => run.ResultCount);

    public static SarifSummary Load(string path) => Parse(ReportJson.ReadFile(path, "SARIF file"), path);

    public static SarifSummary Parse(string sarif, string source = "the SARIF file")
    {
        var log = ReportJson.Deserialize<Log>(sarif, source, "a SARIF 2.1.0 log");
        if (log.Version != "2.1.0")
        {
            throw new ReportFormatException($"{source} has SARIF version '{log.Version ?? "(none)"}'; expected 2.1.0.");
        }

        if (log.Runs is null)
        {
            throw new ReportFormatException($"{source} has no runs array; a SARIF log has one run per tool invocation.");
        }

        var runs = log.Runs.Select((run, index) =>
        {
            var driver = run.Tool?.Driver ?? throw new ReportFormatException($"{source}: runs[{index}] has no tool.driver naming the scanner.");
            var results = run.Results ?? [];
            return new SarifRunSummary(
                driver.Name ?? throw new ReportFormatException($"{source}: runs[{index}].tool.driver has no name."),
                driver.Version,
                driver.Rules?.Count ?? 0,
                results.Count,
                // A result without a level is a "warning" (SARIF 2.1.0, 3.27.10).
                Count(results.Select(result => result.Level ?? "warning")),
                Count(results.Select(result => result.RuleId ?? "(no rule)")));
        }).ToList();
        return new SarifSummary(log.Version, runs);
    }

    private static IReadOnlyDictionary<string, int> Count(IEnumerable<string> keys) =>
        keys.GroupBy(key => key, StringComparer.Ordinal).ToDictionary(group => group.Key, group => group.Count(), StringComparer.Ordinal);

    private sealed class Log
    {
        [JsonPropertyName("version")]
        public string? Version { get; init; }

        [JsonPropertyName("runs")]
        public List<Run>? Runs { get; init; }
    }

    private sealed class Run
    {
        [JsonPropertyName("tool")]
        public Tool? Tool { get; init; }

        [JsonPropertyName("results")]
        public List<Result>? Results { get; init; }
    }

    private sealed class Tool
    {
        [JsonPropertyName("driver")]
        public Driver? Driver { get; init; }
    }

    private sealed class Driver
    {
        [JsonPropertyName("name")]
        public string? Name { get; init; }

        [JsonPropertyName("version")]
        public string? Version { get; init; }

        [JsonPropertyName("rules")]
        public List<object>? Rules { get; init; }
    }

    private sealed class Result
    {
        [JsonPropertyName("ruleId")]
        public string? RuleId { get; init; }

        [JsonPropertyName("level")]
        public string? Level { get; init; }
    }
}
