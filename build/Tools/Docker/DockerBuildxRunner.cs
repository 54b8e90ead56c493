using Cake.Core;
using Cake.Core.IO;
using Cake.Core.Tooling;

namespace Build.Tools.Docker;

/// <summary>Runs docker buildx (production builds on machines with the plugin); each setting maps to its flag here.</summary>
public sealed class DockerBuildxRunner(IFileSystem fileSystem, ICakeEnvironment environment, IProcessRunner processRunner, IToolLocator tools)
    : CapturingTool<ToolSettings>(fileSystem, environment, processRunner, tools)
{
    public ToolResult Build(DockerBuildxBuildSettings settings) =>
        Execute(settings, BuildArguments(settings), what: "docker buildx build");

    /// <summary>True when docker is installed and its buildx plugin answers (asked only when a plugin file is there to answer).</summary>
    public bool IsAvailable()
    {
        var settings = new DockerBuildxVersionSettings();
        return Locate(settings) is not null
            && PluginDirectories().Any(directory => File.Exists(System.IO.Path.Combine(directory, "docker-buildx")))
            && Execute(settings, new ProcessArgumentBuilder().Append("buildx").Append("version"), allowFailure: true).Succeeded;
    }

    /// <summary>Where the docker CLI looks for plugins (docker's own list, user folder first).</summary>
    private static IEnumerable<string> PluginDirectories()
    {
        var config = Environment.GetEnvironmentVariable("DOCKER_CONFIG") ?? System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker");
        return
        [
            System.IO.Path.Combine(config, "cli-plugins"),
            "/usr/local/lib/docker/cli-plugins", "/usr/local/libexec/docker/cli-plugins",
            "/usr/lib/docker/cli-plugins", "/usr/libexec/docker/cli-plugins",
            @"C:\Program Files\Docker\cli-plugins",
        ];
    }

    public static ProcessArgumentBuilder BuildArguments(DockerBuildxBuildSettings settings)
    {
        var args = new ProcessArgumentBuilder().Append("buildx").Append("build");
        if (settings.Builder is not null)
        {
            args.Append("--builder").AppendQuoted(settings.Builder);
        }

        if (settings.Platforms.Count > 0)
        {
            args.Append("--platform").AppendQuoted(string.Join(',', settings.Platforms));
        }

        foreach (var tag in settings.Tags)
        {
            args.Append("--tag").AppendQuoted(tag);
        }

        foreach (var (name, value) in settings.BuildArgs)
        {
            args.Append("--build-arg").AppendQuoted($"{name}={value}");
        }

        foreach (var (name, value) in settings.Labels)
        {
            args.Append("--label").AppendQuoted($"{name}={value}");
        }

        if (settings.File is not null)
        {
            args.Append("--file").AppendQuoted(settings.File.FullPath);
        }

        if (settings.Output is not null)
        {
            args.Append("--output").AppendQuoted(settings.Output);
        }

        if (settings.MetadataFile is not null)
        {
            args.Append("--metadata-file").AppendQuoted(settings.MetadataFile.FullPath);
        }

        args.Append("--provenance=" + settings.Provenance).Append("--sbom=" + settings.Sbom);
        if (settings.Push)
        {
            args.Append("--push");
        }

        return args.AppendQuoted(settings.Context.FullPath);
    }

    protected override string GetToolName() => "docker";

    protected override IEnumerable<string> GetToolExecutableNames() => ["docker", "docker.exe"];
}
