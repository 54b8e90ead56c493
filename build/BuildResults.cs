using Build.Artifacts;
using Build.Configuration;
using Build.Images;
using Build.Tasks;
using Build.Versioning;

namespace Build;

/// <summary>
/// What the tasks of this run produced. Each slot has exactly one writer task, named in its comment and in the error a
/// reader gets when the slot is empty; a second write throws. The artifact list is the one shared, add-only collection.
/// </summary>
public sealed class BuildResults
{
    /// <summary>Written by the Version task.</summary>
    public ResultSlot<ReleaseVersion> Version { get; } = new("version", typeof(VersionTask));

    /// <summary>Written by the Build task.</summary>
    public ResultSlot<BuiltImage> Image { get; } = new("image", typeof(BuildTask), "No image was built in this run: run the Build task first (drop --exclusive).");

    /// <summary>Written by the Push task: the index digest every tag points at, and each platform's digest.</summary>
    public ResultSlot<PushedImage> Pushed { get; } = new("pushed image", typeof(PushTask));

    /// <summary>Written by the Push task with --push-by-digest: each platform image it pushed by digest, without a tag.</summary>
    public ResultSlot<IReadOnlyDictionary<Platform, string>> PushedByDigest { get; } = new("platform images pushed by digest", typeof(PushTask));

    /// <summary>Written by the Sign task: the digests it signed (or found signed).</summary>
    public ResultSlot<IReadOnlyList<string>> SignedDigests { get; } = new("signed digests", typeof(SignTask));

    /// <summary>Written by the Scan task: one line per scanned platform ("linux/amd64: 0 vulnerabilities ...").</summary>
    public ResultSlot<IReadOnlyList<string>> ScanResults { get; } = new("scan results", typeof(ScanTask));

    /// <summary>Written by the HelmPackage task.</summary>
    public ResultSlot<ChartArtifact> Chart { get; } = new("chart", typeof(HelmPackageTask));

    /// <summary>Written by the Publish task: the bundle folder.</summary>
    public ResultSlot<string> ReleaseDirectory { get; } = new("release directory", typeof(PublishTask));

    /// <summary>Written by the Publish task in publish mode: the GitHub release's page.</summary>
    public ResultSlot<string> ReleaseUrl { get; } = new("release URL", typeof(PublishTask));

    /// <summary>The Rekor entries of the release's signatures (empty when nothing was logged).</summary>
    public ResultSlot<IReadOnlyList<Transparency.RekorEntry>> TransparencyLog { get; } = new("transparency-log entries", typeof(PublishTask));

    /// <summary>Every file the tasks produced; each task adds its own.</summary>
    public ArtifactList Artifacts { get; } = new();
}

/// <summary>One result of the run: written once, by the task named in <see cref="Writer"/>, read by any later task.</summary>
public sealed class ResultSlot<T>(string what, Type writer, string? missing = null)
    where T : class
{
    private T? _value;

    /// <summary>The task that writes this result.</summary>
    public Type Writer { get; } = writer;

    public bool HasValue => _value is not null;

    /// <summary>The result, or a clear error naming the task that writes it.</summary>
    public T Value => _value ?? throw new BuildConfigurationException(
        missing ?? $"No {what} in this run: run the {BuildPlan.NameOf(Writer)} task first (drop --exclusive).");

    /// <summary>The result, or null when its task has not written it (for reports and fallbacks).</summary>
    public T? ValueOrDefault => _value;

    /// <summary>Writes the result; a slot is written once, by its one writer task.</summary>
    public void Set(T value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (_value is not null)
        {
            throw new InvalidOperationException($"The {what} was already written: only the {BuildPlan.NameOf(Writer)} task writes it, once per run.");
        }

        _value = value;
    }
}
