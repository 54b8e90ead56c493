using Build.Artifacts;
using Build.Configuration;
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
    }

    public ReleaseMode Mode { get; }

    public bool IsPublishing => Mode == ReleaseMode.Publish;

    public ReleaseSettings Settings { get; }

    public GitHubActions GitHubActions { get; }

    public BuildSecrets Secrets { get; }

    /// <summary>The repository being released: the working directory.</summary>
    public DirectoryPath RepositoryRoot => Environment.WorkingDirectory;

    public DirectoryPath ArtifactsDirectory => Settings.Artifacts;

    /// <summary>Set by the Version task.</summary>
    public ReleaseVersion? Version { get; set; }

    /// <summary>The image tags of <see cref="Version"/>, set by the Version task.</summary>
    public IReadOnlyList<string> Tags { get; set; } = [];

    public ArtifactList Artifacts { get; } = new();

    public bool IsPrerelease => RequireVersion().IsPrerelease;

    /// <summary>The version, or a clear error for a task run without the Version task before it.</summary>
    public ReleaseVersion RequireVersion() =>
        Version ?? throw new BuildConfigurationException("The version is not known yet: run the Version task first (drop --exclusive, or run --target=Version).");

    private static ReleaseMode ReadMode(ICakeContext context, GitHubActions actions)
    {
        if (context.Arguments.HasArgument(ArgumentNames.Mode))
        {
            return ReleaseSettings.ParseEnum<ReleaseMode>(context.Arguments.GetArgument(ArgumentNames.Mode), "--mode", "rehearsal, publish");
        }

        return actions.IsVersionTagPush ? ReleaseMode.Publish : ReleaseMode.Rehearsal;
    }
}
