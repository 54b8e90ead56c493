using Cake.Core;
using Cake.Core.IO;

namespace Build.Configuration;

public enum ImageBuilder
{
    Auto,
    Buildx,
    Buildah,
}

/// <summary>When the image also gets the <c>latest</c> tag.</summary>
public enum LatestTagPolicy
{
    /// <summary>Only for a release (not a pre-release) that is the highest version tagged in the repository.</summary>
    Auto,
    Always,
    Never,
}

/// <summary>The OCI labels that describe the image (org.opencontainers.image.*), besides version, revision and created.</summary>
public sealed record ImageDescription(string Title, string Description, string Url, string Source, string Licenses);

/// <summary>What to release and where, read from cake.config [Release] (and its overrides) and validated once.</summary>
public sealed record ReleaseSettings(
    ImageName Image,
    IReadOnlyList<Platform> Platforms,
    DirectoryPath ImageContext,
    FilePath Dockerfile,
    DirectoryPath Chart,
    DirectoryPath Manifests,
    DirectoryPath Artifacts,
    ImageBuilder Builder,
    LatestTagPolicy Latest,
    ImageDescription Labels,
    DirectoryPath BuildahStorage,
    string BuildahDriver,
    ImageName PublishedImage)
{
    public const string DefaultImage = "ghcr.io/3whiskeywhiskey/rds-csi";
    /// <summary>Port 0: a free loopback port chosen for the working directory and remembered (see <see cref="Registry.RehearsalRegistry"/>).</summary>
    public const string DefaultRehearsalImage = "127.0.0.1:0/3whiskeywhiskey/rds-csi";
    public const string DefaultPlatforms = "linux/amd64,linux/arm64";

    /// <summary>Reads and checks every setting, reporting all problems at once.</summary>
    public static ReleaseSettings Read(ICakeContext context, ReleaseMode mode)
    {
        var problems = new List<string>();
        T Check<T>(Func<T> read, T fallback)
        {
            try
            {
                return read();
            }
            catch (BuildConfigurationException exception)
            {
                problems.AddRange(exception.Problems);
                return fallback;
            }
        }

        string Setting(string key, string fallback) =>
            context.Configuration.GetValue(key) is { Length: > 0 } value ? value : fallback;

        var image = Check(() => ReadImage(context, mode), ImageName.Parse(DefaultImage, SettingKeys.Image));
        var platforms = Check(() => Platform.ParseList(Setting(SettingKeys.Platforms, DefaultPlatforms), SettingKeys.Platforms), []);
        var imageContext = new DirectoryPath(Setting(SettingKeys.Context, "tests/fixtures/sample-driver")).MakeAbsolute(context.Environment);
        var dockerfile = new FilePath(Setting(SettingKeys.Dockerfile, imageContext.CombineWithFilePath("Dockerfile").FullPath)).MakeAbsolute(context.Environment);
        var builderText = context.Arguments.HasArgument(Arguments.Builder) ? context.Arguments.GetArgument(Arguments.Builder) : Setting(SettingKeys.Builder, "auto");
        var builder = Check(() => ParseEnum<ImageBuilder>(builderText, context.Arguments.HasArgument(Arguments.Builder) ? "--builder" : SettingKeys.Builder, "auto, buildx, buildah"), ImageBuilder.Auto);
        var latest = Check(() => ParseLatest(Setting(SettingKeys.Latest, "auto")), LatestTagPolicy.Auto);
        var published = Check(() => ImageName.Parse(Setting(SettingKeys.Image, DefaultImage), SettingKeys.Image), ImageName.Parse(DefaultImage, SettingKeys.Image));

        if (problems.Count > 0)
        {
            throw new BuildConfigurationException(problems);
        }

        var artifacts = new DirectoryPath(Setting(SettingKeys.Artifacts, "artifacts")).MakeAbsolute(context.Environment);
        if (image.Port == 0 && mode != ReleaseMode.Rehearsal)
        {
            throw new BuildConfigurationException($"{SettingKeys.Image} {image}: port 0 (a free port) is for a rehearsal's own registry; a publish run needs the registry's real port.");
        }

        if (mode == ReleaseMode.Rehearsal && image.IsLoopback && image.Port == 0)
        {
            image = image with { Registry = $"{(image.Host.Contains(':') ? $"[{image.Host}]" : image.Host)}:{Registry.RehearsalRegistry.PortFor(artifacts.FullPath)}" };
        }

        return new ReleaseSettings(
            image,
            platforms,
            imageContext,
            dockerfile,
            new DirectoryPath(Setting(SettingKeys.Chart, "deploy/helm/rds-csi-driver")).MakeAbsolute(context.Environment),
            new DirectoryPath(Setting(SettingKeys.Manifests, "deploy/kubernetes")).MakeAbsolute(context.Environment),
            artifacts,
            builder,
            latest,
            new ImageDescription(
                Setting(SettingKeys.Title, "rds-csi"),
                Setting(SettingKeys.Description, "Kubernetes CSI driver for RDS storage"),
                Setting(SettingKeys.Url, "https://github.com/3whiskeywhiskey/rds-csi"),
                Setting(SettingKeys.Source, "https://github.com/3whiskeywhiskey/rds-csi"),
                Setting(SettingKeys.Licenses, "Apache-2.0")),
            new DirectoryPath(Setting(SettingKeys.BuildahStorage, "artifacts/buildah")).MakeAbsolute(context.Environment),
            Setting(SettingKeys.BuildahDriver, "vfs"),
            published);
    }

    private static ImageName ReadImage(ICakeContext context, ReleaseMode mode)
    {
        if (context.Arguments.HasArgument(Arguments.Image))
        {
            var given = context.Arguments.GetArgument(Arguments.Image);
            // Inspect looks at a tag or digest of the image: the repository part is the image every setting reads.
            return ImageName.Parse(Inspection.InspectTarget.IsTarget(context.Arguments.GetArguments("target")) ? Inspection.InspectTarget.Split(given).Repository : given, "--image");
        }

        var key = mode == ReleaseMode.Publish ? SettingKeys.Image : SettingKeys.RehearsalImage;
        var value = context.Configuration.GetValue(key) is { Length: > 0 } configured
            ? configured
            : mode == ReleaseMode.Publish ? DefaultImage : DefaultRehearsalImage;
        return ImageName.Parse(value, key);
    }

    private static LatestTagPolicy ParseLatest(string value) => value.Trim().ToLowerInvariant() switch
    {
        "auto" => LatestTagPolicy.Auto,
        "true" or "always" => LatestTagPolicy.Always,
        "false" or "never" => LatestTagPolicy.Never,
        _ => throw new BuildConfigurationException($"{SettingKeys.Latest} '{value}' is not one of auto, true, false."),
    };

    internal static T ParseEnum<T>(string value, string source, string allowed)
        where T : struct, Enum =>
        Enum.TryParse<T>(value.Trim(), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(value, out _)
            ? parsed
            : throw new BuildConfigurationException($"{source} {Diagnostics.InputText.Quote(value)} is not known; use one of {allowed}.");
}
