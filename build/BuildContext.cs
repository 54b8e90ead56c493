using Build.Artifacts;
using Build.Configuration;
using Build.Images;
using Build.Registry;
using Build.Resilience;
using Build.Tools;
using Cake.Core.Diagnostics;
using Build.Signing;
using Build.Tools.Docker;
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
        GitHubActions = GitHubActions.Read(context.Environment.GetEnvironmentVariable);
        Mode = ReadMode(context, GitHubActions);
        Settings = ReleaseSettings.Read(context, Mode);
        Secrets = BuildSecrets.Read(context.Environment.GetEnvironmentVariable);
        ScanSettings = ScanSettings.Read(context);
        RetrySettings = RetrySettings.Read(context);
        ToolRetries.Pipeline = Retries.Operations(RetrySettings, message => context.Log.Warning("{0}", message), exception => exception is ToolFailedException failure && Retries.IsTransient(failure));
    }

    public RetrySettings RetrySettings { get; }

    private ImageBuilder? _builder;
    private OciRegistryClient? _registry;
    private ReleaseSigner? _signer;
    private DirectoryPath? _toolManifestDirectory;

    public ReleaseMode Mode { get; }

    public bool IsPublishing => Mode == ReleaseMode.Publish;

    public ReleaseSettings Settings { get; }

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

    /// <summary>user:password for buildah and skopeo from REGISTRY_USERNAME/REGISTRY_PASSWORD, or null to use their own logins (docker login).</summary>
    public string? RegistryCredentials =>
        Secrets.RegistryUsername is { Length: > 0 } user && Secrets.RegistryPassword is { Length: > 0 } password ? $"{user}:{password}" : null;

    /// <summary>The client of the image's registry: REGISTRY_USERNAME/REGISTRY_PASSWORD, else docker login's saved credentials, else anonymous.</summary>
    public OciRegistryClient ImageRegistry => _registry ??= new OciRegistryClient(
        OciRegistryClient.BaseUriFor(Settings.Image.Registry),
        Build.Registry.RegistryCredentials.From(Secrets.RegistryUsername, Secrets.RegistryPassword, "REGISTRY_USERNAME/REGISTRY_PASSWORD")
            ?? DockerConfig.Find(Settings.Image.Registry),
        handler: inner => new RetryingHandler(Retries.Http(RetrySettings, message => Log.Warning("{0}", message)), inner));

    /// <summary>How this run signs and verifies (made on first use; reads --signing-key, COSIGN_KEY, the mode and Actions).</summary>
    public ReleaseSigner Signer => _signer ??= new ReleaseSigner(this);

    /// <summary>The digests the Sign task signed (or found signed) in this run.</summary>
    public List<string> SignedDigests { get; } = [];

    /// <summary>
    /// The folder whose .config/dotnet-tools.json lists the repository's dotnet tools (sbom-tool): the working directory
    /// or one above it, else the repository the build program was built from.
    /// </summary>
    public DirectoryPath ToolManifestDirectory => _toolManifestDirectory ??= FindToolManifest();

    /// <summary>Releases the network clients this run opened.</summary>
    public void CloseClients() => _registry?.Dispose();

    /// <summary>The registry this run started for a rehearsal (stopped when the run ends), or null.</summary>
    public LocalRegistry? StartedRegistry { get; set; }

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

    public PushedImage RequirePushed() =>
        Pushed ?? throw new BuildConfigurationException("No image was pushed in this run: run the Push task first (drop --exclusive).");

    public ChartArtifact RequireChart() =>
        Chart ?? throw new BuildConfigurationException("No chart was packaged in this run: run the HelmPackage task first (drop --exclusive).");

    public ReleaseVersion RequireVersion() =>
        Version ?? throw new BuildConfigurationException("The version is not known yet: run the Version task first (drop --exclusive, or run --target=Version).");

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

    private static ReleaseMode ReadMode(ICakeContext context, GitHubActions actions)
    {
        if (context.Arguments.HasArgument(ArgumentNames.Mode))
        {
            return ReleaseSettings.ParseEnum<ReleaseMode>(context.Arguments.GetArgument(ArgumentNames.Mode), "--mode", "rehearsal, publish");
        }

        return actions.IsVersionTagPush ? ReleaseMode.Publish : ReleaseMode.Rehearsal;
    }
}
