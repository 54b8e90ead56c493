using Build.Configuration;
using Build.Images;
using Build.Tasks;
using Build.Versioning;
using Build.Yaml;
using Cake.Common.Diagnostics;
using Cake.Core.IO;

namespace Build.State;

/// <summary>
/// What an earlier run of the same version and commit finished and what of it still holds, worked out once, after the
/// preflight and before the first task (<see cref="Load"/>). Tasks only read it: a re-run skips finished work, and a
/// single task runs with --exclusive on what an earlier run made.
/// </summary>
public sealed record ResumedRun
{
    public static readonly ResumedRun Nothing = new();

    /// <summary>The image an earlier run pushed for this version and commit, every tag still on it; null when none holds.</summary>
    public PushedImage? Pushed { get; init; }

    /// <summary>Why <see cref="Pushed"/> is (or is not) there, for the skip message and the error of a reader.</summary>
    public string PushedReason { get; init; } = "no earlier run of this version and commit pushed an image";

    /// <summary>The chart an earlier run packaged for this version and commit, its file unchanged; null otherwise.</summary>
    public ChartArtifact? Chart { get; init; }

    /// <summary>Whether <see cref="Chart"/>'s signature verifies and its OCI tag still names it (checked only when HelmPackage is planned).</summary>
    public bool ChartStillPublished { get; init; }

    /// <summary>The image <see cref="Chart"/>'s values.yaml pins: repository and index digest (null when unreadable).</summary>
    public (string? Repository, string? Digest) ChartPins { get; init; }

    /// <summary>Whether the resumed chart's values.yaml names this image.</summary>
    public bool ChartPinsImage(PushedImage image) => ChartPins.Digest == image.IndexDigest && ChartPins.Repository == image.Repository.FullName;
}

/// <summary>The resume step: the one place that reads the saved state of an earlier run and checks what of it still holds.</summary>
public static class Resume
{
    /// <summary>
    /// Loads the saved state once and works out, for the tasks this run plans, what an earlier run produced that still
    /// holds: the pushed image (when a planned task reads it and the plan does not push anew), the packaged chart.
    /// </summary>
    public static ResumedRun Load(BuildContext context)
    {
        var options = context.Options;
        var plan = options.Plan;
        if (!(NeedsPushedImage(context) || plan.Has<HelmPackageTask>() || plan.Has<PublishTask>()))
        {
            return ResumedRun.Nothing;
        }

        ReleaseVersion version;
        try
        {
            version = context.Services.VersionFromGit();
        }
        catch (BuildConfigurationException)
        {
            return ResumedRun.Nothing; // the Version task (or the first reader) reports it
        }

        var state = context.Services.State.Recorded;
        if (state is null || state.Version != version.Version.ToString() || state.Commit != version.Commit)
        {
            return ResumedRun.Nothing;
        }

        var resumed = ResumedRun.Nothing;
        if (NeedsPushedImage(context))
        {
            var pushed = PushedImage(context, state, version, out var reason);
            resumed = resumed with { Pushed = pushed, PushedReason = reason };
            if (pushed is not null && !plan.Has<PushTask>())
            {
                context.Information("Using the image of an earlier run: {0}", reason);
            }
        }

        if ((plan.Has<HelmPackageTask>() && !options.Force) || (plan.Has<PublishTask>() && !plan.Has<HelmPackageTask>()))
        {
            resumed = WithChart(context, state, resumed);
        }

        return resumed;
    }

    /// <summary>
    /// Whether a planned task reads the pushed image that this run does not push itself: Push with Build before it
    /// (Build then skips an image that holds), or a task after Push run without it (--exclusive).
    /// </summary>
    private static bool NeedsPushedImage(BuildContext context)
    {
        var options = context.Options;
        var plan = options.Plan;
        if (plan.Has<PushTask>())
        {
            return plan.Has<BuildTask>() && !options.Force && !options.Split.PushByDigest && options.Split.FromDigests is null;
        }

        return plan.Tasks.Any(task => Preflight.TaskNeeds.Of(task, context).PushedImage);
    }

    /// <summary>
    /// The image an earlier run pushed for this version and commit, when every tag still points at its index and the index
    /// still lists every platform; null (with the reason) otherwise.
    /// </summary>
    public static PushedImage? PushedImage(BuildContext context, ReleaseState? state, ReleaseVersion version, out string reason)
    {
        if (state?.Image is not { } recorded || state.Version != version.Version.ToString() || state.Commit != version.Commit)
        {
            reason = ResumedRun.Nothing.PushedReason;
            return null;
        }

        var repository = context.Options.Settings.Image;
        if (recorded.Repository != repository.FullName)
        {
            reason = $"the earlier run pushed to {recorded.Repository}, not {repository}";
            return null;
        }

        var tags = context.Options.TagsOf(version);
        var registry = context.Services.ImageRegistry;
        foreach (var tag in tags)
        {
            var digest = registry.ResolveDigestAsync(repository.Repository, tag).GetAwaiter().GetResult();
            if (digest != recorded.IndexDigest)
            {
                reason = $"{repository.WithTag(tag)} no longer points at {recorded.IndexDigest} (it is {digest ?? "gone"})";
                return null;
            }
        }

        var platforms = recorded.Platforms.ToDictionary(pair => Platform.Parse(pair.Key, context.Services.State.File.FullPath), pair => pair.Value);
        if (context.Options.Settings.Platforms.Any(platform => !platforms.ContainsKey(platform)))
        {
            reason = $"the earlier run pushed {string.Join(", ", platforms.Keys)}, not every configured platform";
            return null;
        }

        reason = $"already pushed {repository.WithDigest(recorded.IndexDigest)} from this commit; every tag still points at it";
        return new PushedImage(repository, recorded.IndexDigest, tags, platforms);
    }

    /// <summary>The earlier run's chart package when its file is unchanged; with HelmPackage planned, whether it is still published.</summary>
    private static ResumedRun WithChart(BuildContext context, ReleaseState state, ResumedRun resumed)
    {
        if (state.Chart is not { } chart || !File.Exists(chart.File) || Releasing.Checksums.Sha256(chart.File) != chart.Sha256)
        {
            return resumed;
        }

        var signer = context.Services.Signer;
        var package = new FilePath(chart.File);
        var artifact = new ChartArtifact(package, signer.BlobSignatureOf(package), System.IO.Path.GetFileName(chart.File).Replace($"-{chart.Version}.tgz", string.Empty), chart.Version, chart.OciReference ?? string.Empty, chart.OciDigest ?? string.Empty);
        if (!context.Options.Plan.Has<HelmPackageTask>())
        {
            return resumed with { Chart = artifact };
        }

        var published = File.Exists(artifact.Signature.FullPath) && signer.BlobVerifies(package)
            && artifact.OciDigest.Length > 0
            && context.Services.ImageRegistry.ResolveDigestAsync(OciRepository(context, artifact), artifact.Version.Replace('+', '_')).GetAwaiter().GetResult() == artifact.OciDigest;
        return published
            ? resumed with { Chart = artifact, ChartStillPublished = true, ChartPins = Pins(artifact) }
            : resumed;
    }

    private static string OciRepository(BuildContext context, ChartArtifact chart) =>
        chart.OciReference[(context.Options.Settings.Image.Registry.Length + 1)..chart.OciReference.LastIndexOf(':')];

    /// <summary>The image the packaged values.yaml names.</summary>
    private static (string? Repository, string? Digest) Pins(ChartArtifact chart)
    {
        using var gzip = new System.IO.Compression.GZipStream(File.OpenRead(chart.Package.FullPath), System.IO.Compression.CompressionMode.Decompress);
        using var tar = new System.Formats.Tar.TarReader(gzip);
        while (tar.GetNextEntry() is { } entry)
        {
            if (entry.Name.EndsWith("/values.yaml", StringComparison.Ordinal) && entry.Name.Count(c => c == '/') == 1 && entry.DataStream is { } data)
            {
                var values = new StreamReader(data).ReadToEnd();
                return (YamlScalarEditor.Get(values, ["image", "repository"]), YamlScalarEditor.Get(values, ["image", "digest"]));
            }
        }

        return (null, null);
    }
}
