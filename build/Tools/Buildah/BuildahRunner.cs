using System.Globalization;
using Cake.Core;
using Cake.Core.IO;
using Cake.Core.Tooling;

namespace Build.Tools.Buildah;

/// <summary>Runs buildah; each setting maps to its flag here, in one place.</summary>
public sealed class BuildahRunner(IFileSystem fileSystem, ICakeEnvironment environment, IProcessRunner processRunner, IToolLocator tools)
    : CapturingTool<BuildahSettings>(fileSystem, environment, processRunner, tools)
{
    public ToolResult Build(BuildahBuildSettings settings) =>
        Execute(settings, BuildArguments(settings), what: $"buildah build ({settings.Platform ?? "native platform"})");

    public ToolResult PushManifest(BuildahManifestPushSettings settings) =>
        Execute(settings, PushArguments(settings), what: $"buildah manifest push to {settings.Destination}");

    /// <summary>Removes a local manifest list; false when there was none.</summary>
    public bool RemoveManifest(BuildahManifestRemoveSettings settings) =>
        Execute(settings, RemoveArguments(settings), allowFailure: true).Succeeded;

    public static ProcessArgumentBuilder BuildArguments(BuildahBuildSettings settings)
    {
        var args = Global(settings).Append("build");
        AppendIf(args, "--platform", settings.Platform);
        AppendIf(args, "--manifest", settings.Manifest);
        AppendIf(args, "--isolation", settings.Isolation);
        if (!string.IsNullOrEmpty(settings.Pull))
        {
            // --pull takes an optional value, so it must be joined with '=' (a separate word ends buildah's flags).
            args.Append("--pull=" + settings.Pull);
        }
        if (settings.Timestamp is { } timestamp)
        {
            args.Append("--timestamp").Append(timestamp.ToString(CultureInfo.InvariantCulture));
        }

        foreach (var (name, value) in settings.BuildArgs)
        {
            args.Append("--build-arg").AppendQuoted($"{name}={value}");
        }

        foreach (var (name, value) in settings.Labels)
        {
            args.Append("--label").AppendQuoted($"{name}={value}");
        }

        if (settings.Dockerfile is not null)
        {
            args.Append("--file").AppendQuoted(settings.Dockerfile.FullPath);
        }

        if (settings.Quiet)
        {
            args.Append("--quiet");
        }

        return args.AppendQuoted(settings.Context.FullPath);
    }

    public static ProcessArgumentBuilder PushArguments(BuildahManifestPushSettings settings)
    {
        var args = Global(settings).Append("manifest").Append("push");
        if (settings.All)
        {
            args.Append("--all");
        }

        args.Append("--format").Append(settings.Format);
        args.Append("--tls-verify=" + (settings.TlsVerify ? "true" : "false"));
        if (settings.DigestFile is not null)
        {
            args.Append("--digestfile").AppendQuoted(settings.DigestFile.FullPath);
        }

        if (settings.AuthFile is not null)
        {
            args.Append("--authfile").AppendQuoted(settings.AuthFile.FullPath);
        }

        if (settings.Quiet)
        {
            args.Append("--quiet");
        }

        return args.AppendQuoted(settings.Manifest).AppendQuoted(settings.Destination);
    }

    public static ProcessArgumentBuilder RemoveArguments(BuildahManifestRemoveSettings settings) =>
        Global(settings).Append("manifest").Append("rm").AppendQuoted(settings.Manifest);

    protected override string GetToolName() => "buildah";

    protected override IEnumerable<string> GetToolExecutableNames() => ["buildah"];

    private static ProcessArgumentBuilder Global(BuildahSettings settings)
    {
        var args = new ProcessArgumentBuilder();
        if (settings.Root is not null)
        {
            args.Append("--root").AppendQuoted(settings.Root.FullPath);
        }

        if (settings.RunRoot is not null)
        {
            args.Append("--runroot").AppendQuoted(settings.RunRoot.FullPath);
        }

        AppendIf(args, "--storage-driver", settings.StorageDriver);
        return args;
    }

    private static void AppendIf(ProcessArgumentBuilder args, string flag, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            args.Append(flag).AppendQuoted(value);
        }
    }
}
