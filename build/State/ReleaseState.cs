using System.Text.Json;

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

    /// <summary>Signed digest → the digest of its .sig manifest when the signature was last verified.</summary>
    public IReadOnlyDictionary<string, string> SignatureManifests { get; init; } = new Dictionary<string, string>();

    /// <summary>Platform digest → the digest of its .att manifest when the SBOM attestation was last verified.</summary>
    public IReadOnlyDictionary<string, string> AttestationManifests { get; init; } = new Dictionary<string, string>();

    /// <summary>The provenance attestation of the index digest when it was last verified.</summary>
    public ProvenanceState? Provenance { get; init; }

    /// <summary>The sha256 of the SHA256SUMS of the release bundle that was last verified end to end.</summary>
    public string? VerifiedChecksums { get; init; }

    /// <summary>Platform digest → sha256 of the SBOM attested to it.</summary>
    public IReadOnlyDictionary<string, string> AttestedSboms { get; init; } = new Dictionary<string, string>();

    public ChartState? Chart { get; init; }

    /// <summary>Binary archive file name → its sha256, as the Binaries task last packed and signed it.</summary>
    public IReadOnlyDictionary<string, string> Binaries { get; init; } = new Dictionary<string, string>();

    public GitHubReleaseState? Release { get; init; }

    /// <summary>Where each announced release of this version is (its GitHub release, or a rehearsal's bundle folder): each is announced once.</summary>
    public IReadOnlyList<string> Announced { get; init; } = [];

    /// <summary>The Rekor entries of the release's signatures, attestations and blob signatures (keyless, or a key with the log); written by Publish.</summary>
    public IReadOnlyList<Transparency.RekorEntry> TransparencyLog { get; init; } = [];

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
            using var json = JsonDocument.Parse(File.ReadAllBytes(path));
            var state = ReleaseStateJson.Read(json.RootElement);
            if (!IsCommitId(state.Commit))
            {
                throw new Configuration.BuildConfigurationException($"{path} is a corrupt release state: its 'commit' {Diagnostics.InputText.Quote(state.Commit)} is not a git commit id (40 or 64 hex digits); delete it to start the release over.");
            }

            return state;
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new Configuration.BuildConfigurationException($"{path} is a corrupt release state, not one this build wrote ({exception.Message.Split('\n')[0]}); delete it to start the release over.");
        }
    }

    private static bool IsCommitId(string? commit) => commit is { Length: 40 or 64 } && commit.All(char.IsAsciiHexDigitLower);

    public void Save(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Unique per writer: a signal handler may save while the main thread does.
        // Stryker disable once String : any of these names is unique per writer and differs from the state file's, which is all the name must do
        var temporary = path + ".tmp-" + Environment.ProcessId + "-" + Guid.NewGuid().ToString("N")[..8];
        using (var stream = File.Create(temporary))
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            ReleaseStateJson.Write(writer, this);
        }

        File.Move(temporary, path, overwrite: true);
    }
}

public sealed record ImageState(string Repository, string IndexDigest, IReadOnlyDictionary<string, string> Platforms, string Builder);

/// <summary>The provenance attested to <paramref name="Digest"/>: the .att manifest that held it, the predicate file's sha256, the commit it names.</summary>
public sealed record ProvenanceState(string Digest, string AttestationManifest, string PredicateSha256, string Commit);

public sealed record ChartState(string File, string Sha256, string Version, string? OciReference, string? OciDigest);

public sealed record GitHubReleaseState(long Id, string Url, bool Published, IReadOnlyDictionary<string, string> Assets);

/// <summary>The JSON of <see cref="ReleaseState"/>, read and written by hand: cheaper at start-up than the serializer's metadata.</summary>
internal static class ReleaseStateJson
{
    public static ReleaseState Read(JsonElement root) => new()
    {
        Version = root.GetProperty("version").GetString()!,
        Commit = root.GetProperty("commit").GetString()!,
        Mode = String(root, "mode"),
        CommitTime = String(root, "commitTime"),
        GitTag = String(root, "gitTag"),
        IsHighestRelease = root.TryGetProperty("isHighestRelease", out var highest) && highest.GetBoolean(),
        Tags = Strings(root, "tags"),
        Image = root.TryGetProperty("image", out var image) && image.ValueKind == JsonValueKind.Object
            ? new ImageState(image.GetProperty("repository").GetString()!, image.GetProperty("indexDigest").GetString()!, Map(image, "platforms"), image.GetProperty("builder").GetString()!)
            : null,
        SignedDigests = Strings(root, "signedDigests"),
        SignatureManifests = Map(root, "signatureManifests"),
        AttestationManifests = Map(root, "attestationManifests"),
        Provenance = root.TryGetProperty("provenance", out var provenance) && provenance.ValueKind == JsonValueKind.Object
            ? new ProvenanceState(provenance.GetProperty("digest").GetString()!, provenance.GetProperty("attestationManifest").GetString()!, provenance.GetProperty("predicateSha256").GetString()!, provenance.GetProperty("commit").GetString()!)
            : null,
        VerifiedChecksums = String(root, "verifiedChecksums"),
        AttestedSboms = Map(root, "attestedSboms"),
        Binaries = Map(root, "binaries"),
        Chart = root.TryGetProperty("chart", out var chart) && chart.ValueKind == JsonValueKind.Object
            ? new ChartState(chart.GetProperty("file").GetString()!, chart.GetProperty("sha256").GetString()!, chart.GetProperty("version").GetString()!, String(chart, "ociReference"), String(chart, "ociDigest"))
            : null,
        Release = root.TryGetProperty("release", out var release) && release.ValueKind == JsonValueKind.Object
            ? new GitHubReleaseState(release.GetProperty("id").GetInt64(), release.GetProperty("url").GetString()!, release.GetProperty("published").GetBoolean(), Map(release, "assets"))
            : null,
        Announced = Strings(root, "announced"),
        TransparencyLog = root.TryGetProperty("transparencyLog", out var log) && log.ValueKind == JsonValueKind.Array
            ? log.EnumerateArray().Select(entry => new Transparency.RekorEntry(
                entry.GetProperty("subject").GetString()!,
                entry.GetProperty("logIndex").GetInt64(),
                entry.GetProperty("uuid").GetString()!,
                DateTimeOffset.FromUnixTimeSeconds(entry.GetProperty("integratedTime").GetInt64()),
                entry.GetProperty("logId").GetString()!)).ToList()
            : [],
        CompletedTasks = Strings(root, "completedTasks"),
    };

    public static void Write(Utf8JsonWriter json, ReleaseState state)
    {
        json.WriteStartObject();
        json.WriteString("version", state.Version);
        json.WriteString("commit", state.Commit);
        WriteIfSet(json, "mode", state.Mode);
        WriteIfSet(json, "commitTime", state.CommitTime);
        WriteIfSet(json, "gitTag", state.GitTag);
        json.WriteBoolean("isHighestRelease", state.IsHighestRelease);
        WriteStrings(json, "tags", state.Tags);
        if (state.Image is { } image)
        {
            json.WriteStartObject("image");
            json.WriteString("repository", image.Repository);
            json.WriteString("indexDigest", image.IndexDigest);
            WriteMap(json, "platforms", image.Platforms);
            json.WriteString("builder", image.Builder);
            json.WriteEndObject();
        }

        WriteStrings(json, "signedDigests", state.SignedDigests);
        WriteMap(json, "signatureManifests", state.SignatureManifests);
        WriteMap(json, "attestationManifests", state.AttestationManifests);
        if (state.Provenance is { } provenance)
        {
            json.WriteStartObject("provenance");
            json.WriteString("digest", provenance.Digest);
            json.WriteString("attestationManifest", provenance.AttestationManifest);
            json.WriteString("predicateSha256", provenance.PredicateSha256);
            json.WriteString("commit", provenance.Commit);
            json.WriteEndObject();
        }

        WriteIfSet(json, "verifiedChecksums", state.VerifiedChecksums);
        WriteMap(json, "attestedSboms", state.AttestedSboms);
        WriteMap(json, "binaries", state.Binaries);
        if (state.Chart is { } chart)
        {
            json.WriteStartObject("chart");
            json.WriteString("file", chart.File);
            json.WriteString("sha256", chart.Sha256);
            json.WriteString("version", chart.Version);
            WriteIfSet(json, "ociReference", chart.OciReference);
            WriteIfSet(json, "ociDigest", chart.OciDigest);
            json.WriteEndObject();
        }

        if (state.Release is { } release)
        {
            json.WriteStartObject("release");
            json.WriteNumber("id", release.Id);
            json.WriteString("url", release.Url);
            json.WriteBoolean("published", release.Published);
            WriteMap(json, "assets", release.Assets);
            json.WriteEndObject();
        }

        WriteStrings(json, "announced", state.Announced);
        if (state.TransparencyLog.Count > 0)
        {
            json.WriteStartArray("transparencyLog");
            foreach (var entry in state.TransparencyLog)
            {
                json.WriteStartObject();
                json.WriteString("subject", entry.Subject);
                json.WriteNumber("logIndex", entry.LogIndex);
                json.WriteString("uuid", entry.Uuid);
                json.WriteNumber("integratedTime", entry.IntegratedTime.ToUnixTimeSeconds());
                json.WriteString("logId", entry.LogId);
                json.WriteString("url", entry.SearchUrl);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        WriteStrings(json, "completedTasks", state.CompletedTasks);
        json.WriteEndObject();
    }

    private static string? String(JsonElement owner, string name) =>
        owner.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static IReadOnlyList<string> Strings(JsonElement owner, string name) =>
        owner.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().Select(item => item.GetString()!).ToList() : [];

    private static IReadOnlyDictionary<string, string> Map(JsonElement owner, string name) =>
        owner.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object
            ? value.EnumerateObject().ToDictionary(property => property.Name, property => property.Value.GetString()!)
            : new Dictionary<string, string>();

    private static void WriteIfSet(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IReadOnlyList<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    private static void WriteMap(Utf8JsonWriter json, string name, IReadOnlyDictionary<string, string> values)
    {
        json.WriteStartObject(name);
        foreach (var (key, value) in values.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            json.WriteString(key, value);
        }

        json.WriteEndObject();
    }
}
