using Build.Charts;
using Build.Configuration;
using Build.HelmRepository;
using Build.Images;
using Build.Registry;
using Build.Releasing;
using Build.Resilience;
using Build.Sbom;
using Build.Signing;
using Build.State;
using Build.Tools;
using Build.Tools.Cosign;
using Build.Tools.Docker;
using Build.Tools.Git;
using Build.Tools.Helm;
using Build.Versioning;
using Cake.Common.Diagnostics;
using Cake.Core.Diagnostics;
using Cake.Core.IO;

namespace Build;

/// <summary>
/// The composition root: every service a run's tasks share (the registry client, the signer, the image builder, the
/// tools' log and retries, the release state, the version git gives), made here and nowhere else, each on first use.
/// Also the resources the run holds (its lock, the rehearsal registry it started), released by the lifetime's teardown.
/// </summary>
public sealed class BuildServices
{
    private readonly BuildContext _context;
    private readonly Lazy<OciRegistryClient> _registry;
    private Lazy<IReleaseSigner> _signer;
    private Lazy<IImageBuilder> _builder;
    private Lazy<IImagePublisher> _publisher;
    private Lazy<IImageSbomGenerator> _sbomGenerator;
    private readonly Lazy<DirectoryPath> _toolManifestDirectory;
    private Lazy<ReleaseVersion> _gitVersion;
    private Lazy<IPasswordPrompt> _passwordPrompt = new(() => new TerminalPasswordPrompt());
    private Lazy<IChartPublisher> _chartPublisher;
    private Lazy<IReleaseDestination> _releaseDestination;
    private Lazy<IReleaseVerification> _releaseVerification;
    private Lazy<IHelmRepository> _helmRepository;
    private Announcing.WebhookAnnouncer? _announcer;
    private Lazy<Binaries.IImageBinaries> _imageBinaries;

    public BuildServices(BuildContext context, bool readVersionNow)
    {
        _context = context;
        var options = context.Options;
        Tools = new ToolRuntime(
            context.Log,
            () => Retries.Operations(options.RetrySettings, Warn, exception => exception is ToolFailedException failure && Retries.IsTransient(failure)));
        State = new ReleaseStateStore(options.Layout.StateFile);
        _registry = new Lazy<OciRegistryClient>(NewRegistryClient);
        _signer = new Lazy<IReleaseSigner>(NewSigner);
        _builder = new Lazy<IImageBuilder>(NewImageBuilder);
        _publisher = new Lazy<IImagePublisher>(() => new ImagePublisher(context, () => Builder, options.Settings.Image, options.Settings.Platforms, () => ImageRegistry));
        _sbomGenerator = new Lazy<IImageSbomGenerator>(() => ImageSbomGenerator.For(context));
        _toolManifestDirectory = new Lazy<DirectoryPath>(FindToolManifest);
        _chartPublisher = new Lazy<IChartPublisher>(() => context.HelmRunner().Locate() is not null
            ? new HelmCliChartPublisher(context, options.Settings.Image)
            : new NativeChartPublisher(() => ImageRegistry, options.Settings.Image));
        _releaseDestination = new Lazy<IReleaseDestination>(() => options.IsPublishing
            ? new GitHub.GitHubReleaseDestination(context)
            : new LocalBundleDestination(options.Layout));
        _releaseVerification = new Lazy<IReleaseVerification>(() => new ReleaseVerification(context));
        _helmRepository = new Lazy<IHelmRepository>(NewHelmRepository);
        _imageBinaries = new Lazy<Binaries.IImageBinaries>(() => new Binaries.RegistryImageBinaries(() => ImageRegistry));

        // git runs first, in the background, while the engine starts: the version is the first thing a run needs. (If a
        // setting turns out bad, the run stops and the read is simply not awaited.)
        var git = new GitRunner(context.FileSystem, context.Environment, context.ProcessRunner, context.Tools) { Runtime = Tools };
        var read = () => new GitVersioner(git, options.RepositoryRoot).Compute(options.GitHubActions.TagName);
        if (readVersionNow)
        {
            var background = Task.Run(read);
            _gitVersion = new Lazy<ReleaseVersion>(() => background.GetAwaiter().GetResult());
        }
        else
        {
            _gitVersion = new Lazy<ReleaseVersion>(read);
        }
    }

    /// <summary>The log and retry policy of every tool this run starts.</summary>
    public ToolRuntime Tools { get; }

    /// <summary>artifacts/release-state.json: the earlier run's state, and this run's.</summary>
    public ReleaseStateStore State { get; }

    /// <summary>The version git gives for HEAD, computed once (in the background since the run started).</summary>
    public ReleaseVersion VersionFromGit() => _gitVersion.Value;

    /// <summary>The version from git if something asked for it already (and git gave one), else null.</summary>
    public ReleaseVersion? VersionIfRead => _gitVersion.IsValueCreated ? _gitVersion.Value : null;

    /// <summary>For unit tests: the version git would give, without a git repository.</summary>
    public void UseVersion(ReleaseVersion version) => _gitVersion = StandIn(_gitVersion, version, "This run read its version already.");

    /// <summary>
    /// The client of the image's registry: REGISTRY_USERNAME/REGISTRY_PASSWORD, else docker login's saved credentials,
    /// else anonymous. A rehearsal registry this run started is waited for here, on first use.
    /// </summary>
    public OciRegistryClient ImageRegistry
    {
        get
        {
            WaitForRegistry();
            return _registry.Value;
        }
    }

    /// <summary>How this run signs and verifies (reads --signing-key, COSIGN_KEY, the mode and Actions): the cosign CLI where it is installed, else the native signer.</summary>
    public IReleaseSigner Signer => _signer.Value;

    /// <summary>The image builder this run uses: the setting, with auto resolved once (buildx where its plugin answers, else buildah).</summary>
    public IImageBuilder Builder => _builder.Value;

    /// <summary>What puts the built image in the registry under its tags (or by digest).</summary>
    public IImagePublisher Publisher => _publisher.Value;

    /// <summary>For unit tests: stand-ins for the image builder and the publisher, given before a task asks for them.</summary>
    public void UseImageServices(IImageBuilder builder, IImagePublisher? publisher = null)
    {
        const string inUse = "This run's image builder is in use already.";
        if (_publisher.IsValueCreated)
        {
            throw new InvalidOperationException(inUse);
        }

        _builder = StandIn(_builder, builder, inUse);
        if (publisher is not null)
        {
            _publisher = StandIn(_publisher, publisher, inUse);
        }
    }

    /// <summary>How HelmPackage packages and pushes the chart: the helm CLI where it is installed, else the native packager and pusher.</summary>
    public IChartPublisher ChartPublisher => _chartPublisher.Value;

    /// <summary>Where Publish puts the release and VerifyRelease reads it from: a GitHub release when publishing, else the bundle under artifacts/.</summary>
    public IReleaseDestination ReleaseDestination => _releaseDestination.Value;

    /// <summary>The checks of a released version (Publish's last step, and VerifyRelease).</summary>
    public IReleaseVerification ReleaseVerification => _releaseVerification.Value;

    /// <summary>The Helm repository HelmIndex adds the chart to and VerifyRelease checks: the Pages branch when publishing, else artifacts/helm-repo.</summary>
    public IHelmRepository HelmRepository => _helmRepository.Value;

    /// <summary>For tests: a stand-in for the Helm repository the mode would pick.</summary>
    public void Use(IHelmRepository repository) => _helmRepository = StandIn(_helmRepository, repository, "This run's Helm repository is in use already.");

    /// <summary>What posts the Announce task's message to ANNOUNCE_WEBHOOK_URL, retrying transient failures.</summary>
    public Announcing.WebhookAnnouncer Announcer => _announcer ??= new Announcing.WebhookAnnouncer(_context.Options.RetrySettings, Warn);

    /// <summary>For tests: a stand-in for the chart publisher the composition root would pick.</summary>
    public void Use(IChartPublisher publisher) => _chartPublisher = StandIn(_chartPublisher, publisher, "This run's chart publisher is in use already.");

    /// <summary>For tests: a stand-in for the release destination the mode would pick.</summary>
    public void Use(IReleaseDestination destination) => _releaseDestination = StandIn(_releaseDestination, destination, "This run's release destination is in use already.");

    /// <summary>For tests: a stand-in for the release checks (which read the registry).</summary>
    public void Use(IReleaseVerification verification) => _releaseVerification = StandIn(_releaseVerification, verification, "This run's release checks are in use already.");

    /// <summary>For unit tests: a stand-in signer, given before a task asks for it.</summary>
    /// <summary>Reads the binaries out of the pushed platform images (the Binaries task, VerifyRelease).</summary>
    public Binaries.IImageBinaries ImageBinaries => _imageBinaries.Value;

    public void Use(Binaries.IImageBinaries binaries) => _imageBinaries = StandIn(_imageBinaries, binaries, "This run's binary reader is in use already.");

    public void UseSigner(IReleaseSigner signer) => _signer = StandIn(_signer, signer, "This run's signer is in use already.");

    /// <summary>Where GenerateKeys asks for the new key's password when COSIGN_PASSWORD is unset: the terminal.</summary>
    public IPasswordPrompt PasswordPrompt => _passwordPrompt.Value;

    /// <summary>For unit tests: a stand-in for the terminal, given before a task asks for it.</summary>
    public void UsePasswordPrompt(IPasswordPrompt prompt) => _passwordPrompt = StandIn(_passwordPrompt, prompt, "This run's password prompt is in use already.");

    /// <summary>What makes the release's SBOMs (syft, or sbom-tool over the unpacked image).</summary>
    public IImageSbomGenerator SbomGenerator => _sbomGenerator.Value;

    /// <summary>For unit tests: a stand-in SBOM generator, given before a task asks for it.</summary>
    public void UseSbomGenerator(IImageSbomGenerator generator) => _sbomGenerator = StandIn(_sbomGenerator, generator, "This run's SBOM generator is in use already.");

    /// <summary>
    /// The folder whose .config/dotnet-tools.json lists the repository's dotnet tools (sbom-tool): the working directory
    /// or one above it, else the repository the build program was built from.
    /// </summary>
    public DirectoryPath ToolManifestDirectory => _toolManifestDirectory.Value;

    /// <summary>This run's hold on the working directory (one release at a time), taken by the lifetime's setup.</summary>
    public RunLock? Lock { get; private set; }

    /// <summary>The registry this run started for a rehearsal (stopped when the run ends), or null; started by the preflight.</summary>
    public LocalRegistry? StartedRegistry { get; private set; }

    public void Hold(RunLock runLock) => Lock = Lock is null ? runLock : throw new InvalidOperationException("This run holds its lock already.");

    public void Started(LocalRegistry registry) => StartedRegistry = StartedRegistry is null ? registry : throw new InvalidOperationException("This run started its rehearsal registry already.");

    /// <summary>
    /// A temporary auth file with the registry login for buildah and skopeo (dispose it after the tool ran), or null; an
    /// empty one, with docker's config kept from the tool, when that config is broken.
    /// </summary>
    public RegistryAuthFile? NewRegistryAuthFile() =>
        RegistryAuthFile.For(_context.Options.Settings.Image.Registry, _context.Options.RegistryLogin, isolateDockerConfig: DockerConfig.IsUnreadable());

    /// <summary>Waits for the rehearsal registry this run started (before a tool such as buildah talks to it).</summary>
    public void WaitForRegistry() => StartedRegistry?.Ready.GetAwaiter().GetResult();

    /// <summary>Waits for key files this run is still writing (the rehearsal key pair is sealed in the background).</summary>
    public void WaitForSigningKeys()
    {
        if (_signer.IsValueCreated)
        {
            _signer.Value.WaitForKeyFile();
        }
    }

    /// <summary>Releases the network clients this run opened.</summary>
    public void CloseClients()
    {
        if (_registry.IsValueCreated)
        {
            _registry.Value.Dispose();
        }
    }

    /// <summary>How a service warns (a retry, a broken docker config): a warning in this run's log.</summary>
    private void Warn(string message) => _context.Log.Warning("{0}", message);

    /// <summary>A unit test's stand-in for a service, refused once the run has made and used the real one.</summary>
    private static Lazy<T> StandIn<T>(Lazy<T> current, T standIn, string inUse) =>
        current.IsValueCreated ? throw new InvalidOperationException(inUse) : new Lazy<T>(standIn);

    private IImageBuilder NewImageBuilder()
    {
        var options = _context.Options;
        var kind = options.Settings.Builder != ImageBuilder.Auto
            ? options.Settings.Builder
            : _context.DockerBuildx().IsAvailable() ? ImageBuilder.Buildx : ImageBuilder.Buildah;
        return kind == ImageBuilder.Buildx
            ? new BuildxImageBuilder(_context, options.Settings, options.Layout, () => ImageRegistry)
            : new BuildahImageBuilder(_context, options.Settings, options.Layout, options.RetrySettings, () => ImageRegistry, NewRegistryAuthFile);
    }

    private IReleaseSigner NewSigner()
    {
        var settings = SigningSettings.Read(_context);
        return _context.CosignRunner().Locate() is not null ? new CosignCliSigner(_context, settings) : new NativeSigner(_context, settings);
    }

    private IHelmRepository NewHelmRepository()
    {
        var options = _context.Options;
        if (!options.IsPublishing)
        {
            return new LocalHelmRepository(options.Layout.HelmRepository.FullPath, options.Helm.ArtifactHubRepositoryId, options.Force);
        }

        var client = new Octokit.GitHubClient(new Octokit.ProductHeaderValue("rds-csi-build"), options.GitHub.Api)
        {
            Credentials = new Octokit.Credentials(options.Secrets.GitHubToken, Octokit.AuthenticationType.Bearer),
        };
        return new GitHubPagesRepository(
            client,
            options.GitHub.Owner,
            options.GitHub.Repository,
            GitHubPagesRepository.WebBase(options.GitHub.Api),
            options.Helm,
            options.Force,
            line => _context.Log.Information("GitHub Pages: {0}", line));
    }

    private OciRegistryClient NewRegistryClient()
    {
        var options = _context.Options;
        return new OciRegistryClient(
            OciRegistryClient.BaseUriFor(options.Settings.Image.Registry),
            options.RegistryLogin ?? DockerConfig.Find(options.Settings.Image.Registry, warn: Warn),
            handler: inner => new RetryingHandler(Retries.Http(options.RetrySettings, Warn), inner));
    }

    private DirectoryPath FindToolManifest()
    {
        var root = _context.Options.RepositoryRoot;
        foreach (var start in new[] { root.FullPath, AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(System.IO.Path.Combine(directory.FullName, ".config", "dotnet-tools.json")))
                {
                    return new DirectoryPath(directory.FullName);
                }
            }
        }

        return root;
    }
}
