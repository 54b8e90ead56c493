using Build.Artifacts;
using Build.Configuration;
using Build.Images;
using Build.Registry;
using Build.Resilience;
using Build.Tools;
using Cake.Common.Diagnostics;
using Cake.Core.Diagnostics;
using Build.Signing;
using Build.State;
using Build.Tools.Docker;
using Build.Tools.Git;
using Build.Versioning;
using Cake.Core;
using Cake.Core.IO;
using ArgumentNames = Build.Arguments;

namespace Build;

/// <summary>
/// The state every task shares. Built once from arguments, environment and cake.config; a bad setting fails here,
/// naming it, before any task runs. Tasks fill in the version, tags, digests and artifacts as the graph goes.
/// </summary>
public sealed class BuildContext : FrostingContext
{
    public BuildContext(ICakeContext context)
        : base(context)
    {
        UnknownArguments.Check(context);
        GitHubActions = GitHubActions.Read(context.Environment.GetEnvironmentVariable);
        ToolDiagnostics.Log = context.Log;

        // git runs first, in the background, while the settings are read and the engine starts: the version is the first
        // thing a run needs. (If a setting turns out bad, the run stops and the read is simply not awaited.)
        _gitVersion = Task.Run(() => new GitVersioner(this.GitRunner(), RepositoryRoot).Compute(GitHubActions.TagName));
        Mode = ReadMode(context, GitHubActions);
        Settings = ReleaseSettings.Read(context, Mode);
        Split = SplitBuildSettings.Read(context, Settings);
        Secrets = BuildSecrets.Read(context.Environment.GetEnvironmentVariable);
        ScanSettings = ScanSettings.Read(context);
        RetrySettings = RetrySettings.Read(context);
        GitHub = GitHubSettings.Read(context, GitHubActions, Settings.Labels);
        RequestedVersion = ReadRequestedVersion(context);
        ToolRetries.Use(() => Retries.Operations(RetrySettings, message => context.Log.Warning("{0}", message), exception => exception is ToolFailedException failure && Retries.IsTransient(failure)));
    }

    public RetrySettings RetrySettings { get; }

    /// <summary>--version=X.Y.Z (a leading v allowed), checked as SemVer here: it names folders under artifacts/, so never a path.</summary>
    public string? RequestedVersion { get; }

    public GitHubSettings GitHub { get; }

    private readonly Task<ReleaseVersion> _gitVersion;
    private ImageBuilder? _builder;
    private OciRegistryClient? _registry;
    private ReleaseSigner? _signer;
    private DirectoryPath? _toolManifestDirectory;
    private State.ReleaseState? _recorded;

    public ReleaseMode Mode { get; }

    public bool IsPublishing => Mode == ReleaseMode.Publish;

    public ReleaseSettings Settings { get; }

    /// <summary>The platforms this run builds (--platform), and whether it pushes them by digest or merges digests pushed elsewhere.</summary>
    public SplitBuildSettings Split { get; }

    public GitHubActions GitHubActions { get; }

    public ScanSettings ScanSettings { get; }

    public BuildSecrets Secrets { get; }

    /// <summary>The repository being released: the working directory.</summary>
    public DirectoryPath RepositoryRoot => Environment.WorkingDirectory;

    public DirectoryPath ArtifactsDirectory => Settings.Artifacts;

    /// <summary>Set by the Version task.</summary>
    public ReleaseVersion? Version { get; set; }

    /// <summary>The image tags of <see cref="Version"/>, set by the Version task.</summary>
    public IReadOnlyList<string> Tags { get; set; } = [];

    public ArtifactList Artifacts { get; } = new();

    /// <summary>The tasks this run will execute, in order (set before the first runs).</summary>
    public IReadOnlyList<string> PlannedTasks { get; set; } = [];

    public bool IsPlanned(string task) => PlannedTasks.Contains(task, StringComparer.OrdinalIgnoreCase);

    /// <summary>Set by the Build task.</summary>
    public BuiltImage? Image { get; set; }

    /// <summary>Set by the Push task: the index digest every tag points at, and each platform's digest.</summary>
    public PushedImage? Pushed { get; set; }

    /// <summary>Set by the Push task with --push-by-digest: each platform image it pushed by digest, without a tag.</summary>
    public IReadOnlyDictionary<Configuration.Platform, string>? PushedByDigest { get; set; }

    /// <summary>
    /// REGISTRY_USERNAME/REGISTRY_PASSWORD belong to the configured image's registry ([Release] Image, or --image when
    /// publishing): a rehearsal sends them only when it is pointed at that same registry, never to whatever listens on
    /// the rehearsal port.
    /// </summary>
    public bool RegistryLoginApplies =>
        IsPublishing || string.Equals(Settings.Image.Registry, Settings.PublishedImage.Registry, StringComparison.OrdinalIgnoreCase);

    /// <summary>The login from REGISTRY_USERNAME/REGISTRY_PASSWORD for the image's registry, or null (anonymous, or the tools' own docker login).</summary>
    public Build.Registry.RegistryCredentials? RegistryLogin =>
        RegistryLoginApplies ? Build.Registry.RegistryCredentials.From(Secrets.RegistryUsername, Secrets.RegistryPassword, "REGISTRY_USERNAME/REGISTRY_PASSWORD") : null;

    /// <summary>
    /// A temporary auth file with <see cref="RegistryLogin"/> for buildah and skopeo (dispose it after the tool ran), or
    /// null; an empty one, with docker's config kept from the tool, when that config is broken.
    /// </summary>
    public RegistryAuthFile? NewRegistryAuthFile() => RegistryAuthFile.For(Settings.Image.Registry, RegistryLogin, isolateDockerConfig: DockerConfig.IsUnreadable());

    /// <summary>
    /// The client of the image's registry: REGISTRY_USERNAME/REGISTRY_PASSWORD, else docker login's saved credentials,
    /// else anonymous. A rehearsal registry this run started is waited for here, on first use.
    /// </summary>
    public OciRegistryClient ImageRegistry
    {
        get
        {
            WaitForRegistry();
            return _registry ??= NewRegistryClient();
        }
    }

    /// <summary>Waits for the rehearsal registry this run started (before a tool such as buildah talks to it).</summary>
    public void WaitForRegistry() => StartedRegistry?.Ready.GetAwaiter().GetResult();

    private OciRegistryClient NewRegistryClient() => new(
        OciRegistryClient.BaseUriFor(Settings.Image.Registry),
        RegistryLogin ?? DockerConfig.Find(Settings.Image.Registry, warn: message => Log.Warning("{0}", message)),
        handler: inner => new RetryingHandler(Retries.Http(RetrySettings, message => Log.Warning("{0}", message)), inner));

    /// <summary>Waits for key files this run is still writing (the rehearsal key pair is sealed in the background).</summary>
    public void WaitForSigningKeys() => _signer?.WaitForKeyFile();

    /// <summary>How this run signs and verifies (made on first use; reads --signing-key, COSIGN_KEY, the mode and Actions).</summary>
    public ReleaseSigner Signer => _signer ??= new ReleaseSigner(this);

    /// <summary>The digests the Sign task signed (or found signed) in this run.</summary>
    public List<string> SignedDigests { get; } = [];

    /// <summary>
    /// The folder whose .config/dotnet-tools.json lists the repository's dotnet tools (sbom-tool): the working directory
    /// or one above it, else the repository the build program was built from.
    /// </summary>
    public DirectoryPath ToolManifestDirectory => _toolManifestDirectory ??= FindToolManifest();

    /// <summary>artifacts/release-state.json: what earlier runs of this working directory produced.</summary>
    public FilePath StateFile => ArtifactsDirectory.CombineWithFilePath(State.ReleaseState.FileName);

    /// <summary>The recorded state of the version being released (null before Version ran, or for a new version).</summary>
    public State.ReleaseState? ReleaseState { get; private set; }

    /// <summary>A previous run's state as it is on disk (for resuming and for --exclusive).</summary>
    public State.ReleaseState? RecordedState => _recorded ??= State.ReleaseState.Load(StateFile.FullPath);

    /// <summary>Starts (or continues) the state of <paramref name="state"/>'s version and writes it.</summary>
    public void BeginState(State.ReleaseState state)
    {
        ReleaseState = _recorded = state;
        state.Save(StateFile.FullPath);
    }

    /// <summary>Records what a task produced, atomically.</summary>
    public void SaveState(Func<State.ReleaseState, State.ReleaseState> change)
    {
        var current = ReleaseState ?? RecordedState ?? throw new BuildConfigurationException("There is no release state to add to: the Version task records it first.");
        ReleaseState = change(current);
        _recorded = ReleaseState;
        ReleaseState.Save(StateFile.FullPath);
    }

    /// <summary>--force: redo or replace what the state or the registry says was done differently.</summary>
    public bool Force => Arguments.HasArgument(ArgumentNames.Force) && Arguments.GetArgument(ArgumentNames.Force) is not ("false" or "0");

    /// <summary>Releases the network clients this run opened.</summary>
    public void CloseClients() => _registry?.Dispose();

    /// <summary>This run's hold on the working directory (one release at a time).</summary>
    public RunLock? Lock { get; set; }

    /// <summary>The registry this run started for a rehearsal (stopped when the run ends), or null.</summary>
    public LocalRegistry? StartedRegistry { get; set; }

    /// <summary>One line per scanned platform ("linux/amd64: 0 vulnerabilities ..."), set by the Scan task.</summary>
    public List<string> ScanResults { get; } = [];

    /// <summary>Where the release went: the bundle folder, and the GitHub release in publish mode (set by Release).</summary>
    public string? ReleaseDirectory { get; set; }

    public string? ReleaseUrl { get; set; }

    /// <summary>Set by the HelmPackage task.</summary>
    public ChartArtifact? Chart { get; set; }

    /// <summary>The builder this run uses: the setting, with auto resolved once (buildx where its plugin answers, else buildah).</summary>
    public ImageBuilder Builder => _builder ??= Settings.Builder != ImageBuilder.Auto
        ? Settings.Builder
        : this.DockerBuildx().IsAvailable() ? ImageBuilder.Buildx : ImageBuilder.Buildah;

    public bool IsPrerelease => RequireVersion().IsPrerelease;

    /// <summary>The version, or a clear error for a task run without the Version task before it.</summary>
    public BuiltImage RequireImage() =>
        Image ?? throw new BuildConfigurationException("No image was built in this run: run the Build task first (drop --exclusive).");

    /// <summary>The pushed image: this run's, or (with --exclusive) an earlier run's of this version and commit that still holds.</summary>
    public PushedImage RequirePushed()
    {
        if (Pushed is not null)
        {
            return Pushed;
        }

        Pushed = Resume.PushedImage(this, out var reason)
            ?? throw new BuildConfigurationException($"No image was pushed for this version: {reason}. Run the Push task first (drop --exclusive).");
        this.Information("Using the image of an earlier run: {0}", reason);
        return Pushed;
    }

    /// <summary>The packaged chart: this run's, or (with --exclusive) an earlier run's whose file is unchanged.</summary>
    public ChartArtifact RequireChart()
    {
        if (Chart is not null)
        {
            return Chart;
        }

        var version = RequireVersion();
        if (RecordedState is { Chart: { } chart } state && state.Version == version.Version.ToString() && state.Commit == version.Commit
            && File.Exists(chart.File) && Releasing.Checksums.Sha256(chart.File) == chart.Sha256)
        {
            var package = new FilePath(chart.File);
            return Chart = new ChartArtifact(package, Signer.BlobSignatureOf(package), System.IO.Path.GetFileName(chart.File).Replace($"-{chart.Version}.tgz", string.Empty), chart.Version, chart.OciReference ?? string.Empty, chart.OciDigest ?? string.Empty);
        }

        throw new BuildConfigurationException("No chart was packaged for this version: run the HelmPackage task first (drop --exclusive).");
    }

    /// <summary>The version git gives for HEAD, read in the background since the context was made.</summary>
    public ReleaseVersion VersionFromGit() => _gitVersion.GetAwaiter().GetResult();

    /// <summary>The version: the Version task's, or computed from git now when it did not run (--exclusive).</summary>
    public ReleaseVersion RequireVersion() => Version ?? Resume.Version(this);

    private DirectoryPath FindToolManifest()
    {
        foreach (var start in new[] { RepositoryRoot.FullPath, AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(System.IO.Path.Combine(directory.FullName, ".config", "dotnet-tools.json")))
                {
                    return new DirectoryPath(directory.FullName);
                }
            }
        }

        return RepositoryRoot;
    }

    private static string? ReadRequestedVersion(ICakeContext context)
    {
        if (!context.Arguments.HasArgument(ArgumentNames.Version))
        {
            return null;
        }

        var text = context.Arguments.GetArgument(ArgumentNames.Version);
        var version = text.StartsWith('v') ? text[1..] : text;
        return Semver.SemVersion.TryParse(version, Semver.SemVersionStyles.Strict, out _)
            ? version
            : throw new BuildConfigurationException($"--version '{text}' is not a SemVer version: name a released version such as 1.2.3 or v1.2.3-rc.1.");
    }

    private static ReleaseMode ReadMode(ICakeContext context, GitHubActions actions)
    {
        if (context.Arguments.HasArgument(ArgumentNames.Mode))
        {
            return ReleaseSettings.ParseEnum<ReleaseMode>(context.Arguments.GetArgument(ArgumentNames.Mode), "--mode", "rehearsal, publish");
        }

        return actions.IsVersionTagPush ? ReleaseMode.Publish : ReleaseMode.Rehearsal;
    }
}
