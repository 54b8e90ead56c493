using Build.Configuration;
using Build.Registry;
using Build.Resilience;
using Build.Versioning;
using Cake.Core;
using Cake.Core.IO;
using ArgumentNames = Build.Arguments;

namespace Build;

/// <summary>
/// What a run was asked to do, read once from arguments, environment and cake.config and never changed: a bad input
/// fails in <see cref="Read"/>, naming it, before any task runs. Tests make one with <see cref="Read"/> over a Cake
/// context of a plain folder (no git repository needed), or change one with <c>with</c>.
/// </summary>
public sealed record BuildOptions
{
    public static BuildOptions Read(ICakeContext context)
    {
        UnknownArguments.Check(context);
        var actions = GitHubActions.Read(context.Environment.GetEnvironmentVariable);
        var mode = ReadMode(context, actions);
        var settings = ReleaseSettings.Read(context, mode);
        var github = GitHubSettings.Read(context, actions, settings.Labels);
        return new BuildOptions
        {
            GitHubActions = actions,
            Mode = mode,
            Settings = settings,
            Split = SplitBuildSettings.Read(context, settings),
            Secrets = BuildSecrets.Read(context.Environment.GetEnvironmentVariable),
            ScanSettings = ScanSettings.Read(context),
            Announce = Announcing.AnnounceSettings.Read(context),
            HelmProvenance = HelmProvenanceSettings.Read(context),
            Binaries = Build.Binaries.BinarySettings.Read(context),
            RetrySettings = RetrySettings.Read(context),
            GitHub = github,
            Helm = HelmRepository.HelmRepositorySettings.Read(context, github),
            RequestedVersion = ReadRequestedVersion(context),
            Force = context.Arguments.HasArgument(ArgumentNames.Force) && context.Arguments.GetArgument(ArgumentNames.Force) is not ("false" or "0"),
            RepositoryRoot = context.Environment.WorkingDirectory,
        };
    }

    public required ReleaseMode Mode { get; init; }

    public bool IsPublishing => Mode == ReleaseMode.Publish;

    public required ReleaseSettings Settings { get; init; }

    /// <summary>The platforms this run builds (--platform), and whether it pushes them by digest or merges digests pushed elsewhere.</summary>
    public required SplitBuildSettings Split { get; init; }

    public required GitHubActions GitHubActions { get; init; }

    public required ScanSettings ScanSettings { get; init; }

    public required RetrySettings RetrySettings { get; init; }

    /// <summary>cake.config [Announce]: the format of the Announce task's message.</summary>
    public Announcing.AnnounceSettings Announce { get; init; } = Announcing.AnnounceSettings.Default;

    /// <summary>cake.config [Helm] RequireProvenance: whether publishing needs HELM_SIGNING_KEY.</summary>
    public HelmProvenanceSettings HelmProvenance { get; init; } = HelmProvenanceSettings.Default;

    /// <summary>cake.config [Release] Binaries: the files the Binaries task reads out of the images.</summary>
    public Build.Binaries.BinarySettings Binaries { get; init; } = Build.Binaries.BinarySettings.Default;

    public required GitHubSettings GitHub { get; init; }

    /// <summary>cake.config [Helm]: the Helm repository's address and Pages branch, and the Artifact Hub repository id.</summary>
    public HelmRepository.HelmRepositorySettings Helm { get; init; } = HelmRepository.HelmRepositorySettings.Default;

    public required BuildSecrets Secrets { get; init; }

    /// <summary>--version=X.Y.Z (a leading v allowed), checked as SemVer here: it names folders under artifacts/, so never a path.</summary>
    public string? RequestedVersion { get; init; }

    /// <summary>--force: redo or replace what the state or the registry says was done differently.</summary>
    public bool Force { get; init; }

    /// <summary>The repository being released: the working directory.</summary>
    public required DirectoryPath RepositoryRoot { get; init; }

    /// <summary>Every path under the artifacts folder.</summary>
    public ArtifactLayout Layout => new(Settings.Artifacts);

    /// <summary>The tasks this run executes, known once the engine has ordered them (<see cref="BuildContext.UsePlan"/>).</summary>
    public BuildPlan Plan { get; init; } = BuildPlan.Empty;

    /// <summary>The image tags of a version: the one place they are computed (the Version task, resuming, VerifyRelease).</summary>
    public IReadOnlyList<string> TagsOf(ReleaseVersion version) => ImageTags.For(version, Settings.Latest);

    /// <summary>
    /// REGISTRY_USERNAME/REGISTRY_PASSWORD belong to the configured image's registry ([Release] Image, or --image when
    /// publishing): a rehearsal sends them only when it is pointed at that same registry, never to whatever listens on
    /// the rehearsal port.
    /// </summary>
    public bool RegistryLoginApplies =>
        IsPublishing || string.Equals(Settings.Image.Registry, Settings.PublishedImage.Registry, StringComparison.OrdinalIgnoreCase);

    /// <summary>The login from REGISTRY_USERNAME/REGISTRY_PASSWORD for the image's registry, or null (anonymous, or the tools' own docker login).</summary>
    public RegistryCredentials? RegistryLogin =>
        RegistryLoginApplies ? RegistryCredentials.From(Secrets.RegistryUsername, Secrets.RegistryPassword, "REGISTRY_USERNAME/REGISTRY_PASSWORD") : null;

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
