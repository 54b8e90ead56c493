using System.Text.Json;
using System.Text.Json.Serialization;

namespace Build.State;

/// <summary>
/// What earlier runs produced for a version, in artifacts/release-state.json: enough to resume a release where it stopped
/// and to run one task on its own (--exclusive). Written atomically after each task; never holds a secret.
/// </summary>
public sealed record ReleaseState
{
    public const string FileName = "release-state.json";

    public required string Version { get; init; }

    public required string Commit { get; init; }

    public string? Mode { get; init; }

    public string? CommitTime { get; init; }

    public string? GitTag { get; init; }

    public bool IsHighestRelease { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    public ImageState? Image { get; init; }

    public IReadOnlyList<string> SignedDigests { get; init; } = [];

    /// <summary>Platform digest → sha256 of the SBOM attested to it.</summary>
    public IReadOnlyDictionary<string, string> AttestedSboms { get; init; } = new Dictionary<string, string>();

    public ChartState? Chart { get; init; }

    public GitHubReleaseState? Release { get; init; }

    public IReadOnlyList<string> CompletedTasks { get; init; } = [];

    public ReleaseState WithCompleted(string task) =>
        CompletedTasks.Contains(task, StringComparer.OrdinalIgnoreCase) ? this : this with { CompletedTasks = [.. CompletedTasks, task] };

    public static ReleaseState? Load(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(path), ReleaseStateJson.Default.ReleaseState);
        }
        catch (JsonException exception)
        {
            throw new Configuration.BuildConfigurationException($"{path} is not a release state this build wrote ({exception.Message}); delete it to start the release over.");
        }
    }

    public void Save(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp-" + Environment.ProcessId;
        File.WriteAllText(temporary, JsonSerializer.Serialize(this, ReleaseStateJson.Default.ReleaseState) + "\n");
        File.Move(temporary, path, overwrite: true);
    }
}

public sealed record ImageState(string Repository, string IndexDigest, IReadOnlyDictionary<string, string> Platforms, string Builder);

public sealed record ChartState(string File, string Sha256, string Version, string? OciReference, string? OciDigest);

public sealed record GitHubReleaseState(long Id, string Url, bool Published, IReadOnlyDictionary<string, string> Assets);

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ReleaseState))]
internal sealed partial class ReleaseStateJson : JsonSerializerContext;
