using Build.Configuration;
using Build.Images;
using Build.Tools.Syft;
using Cake.Core.IO;

namespace Build.Sbom;

/// <summary>
/// An SPDX JSON SBOM of one platform image, made by a backend (<see cref="SyftSbomGenerator"/> where syft is installed,
/// else <see cref="SbomToolSbomGenerator"/> over the unpacked image, picked once by the composition root). Either way
/// the document is stamped with the image's digest, repaired where the generator breaks the SPDX spec, and must validate
/// against the official schema of its version (<see cref="SpdxRepairs"/>).
/// </summary>
public abstract class ImageSbomGenerator(BuildContext context) : IImageSbomGenerator
{
    /// <summary>syft where it is installed, else sbom-tool over the unpacked image.</summary>
    public static IImageSbomGenerator For(BuildContext context) =>
        context.SyftRunner().Locate() is not null ? new SyftSbomGenerator(context) : new SbomToolSbomGenerator(context);

    protected BuildContext Context { get; } = context;

    public abstract string Generator { get; }

    /// <summary>Writes the index's SBOM over the platforms' SBOM files; it validates against the SPDX 2.3 schema or throws.</summary>
    public FilePath GenerateIndex(PushedImage pushed, IReadOnlyDictionary<Platform, FilePath> platformSboms)
    {
        var target = Context.Options.Layout.IndexSbom;
        var version = Context.RequireVersion();
        var document = IndexSbom.Create(
            pushed,
            platformSboms.ToDictionary(pair => pair.Key, pair => pair.Value.FullPath),
            version.Text,
            version.CommitTime,
            Context.Options.Settings.Labels.Title,
            Context.Options.Settings.Labels.Source.TrimEnd('/') + "/sbom");
        IndexSbom.Write(document, target.FullPath);
        return target;
    }

    public FilePath Generate(PushedImage pushed, Platform platform, Action<string>? progress = null)
    {
        progress ??= _ => { };
        var target = Context.Options.Layout.PlatformSbom(platform);
        Directory.CreateDirectory(target.GetDirectory().FullPath);
        var digest = pushed.PlatformDigests[platform];
        Catalogue(pushed, platform, digest, target, progress);

        SpdxSubject.Stamp(target.FullPath, pushed.Repository, digest, platform);
        foreach (var repair in SpdxRepairs.RepairAndValidate(target.FullPath))
        {
            progress("repaired " + repair);
        }

        progress("the SBOM validates against the official SPDX schema of its version");
        return target;
    }

    /// <summary>Writes the generator's SPDX document of the image <paramref name="digest"/> (<paramref name="platform"/>) to <paramref name="target"/>.</summary>
    protected abstract void Catalogue(PushedImage pushed, Platform platform, string digest, FilePath target, Action<string> progress);
}
