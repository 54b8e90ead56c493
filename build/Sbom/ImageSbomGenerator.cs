using Build.Configuration;
using Build.Images;
using Build.Tools.SbomTool;
using Build.Tools.Skopeo;
using Build.Tools.Syft;
using Build.Tools.Umoci;
using Cake.Core.IO;

namespace Build.Sbom;

/// <summary>
/// An SPDX JSON SBOM of one platform image: syft reads it straight from the registry where syft is installed; otherwise
/// sbom-tool catalogues its unpacked root file system (skopeo copy to an OCI layout, umoci unpack), offline, with the
/// rootfs's symbolic links removed first (<see cref="RootFileSystem"/>). Either way the document is repaired where the
/// generator breaks the SPDX spec and must validate against the official schema of its version (<see cref="SpdxRepairs"/>).
/// </summary>
public sealed class ImageSbomGenerator(BuildContext context) : IImageSbomGenerator
{
    private readonly Lazy<bool> _toolsRestored = new(() =>
    {
        context.SbomToolRunner().RestoreTools(context.Services.ToolManifestDirectory);
        return true;
    });

    public bool UsesSyft { get; } = context.SyftRunner().Locate() is not null;

    public string Generator => UsesSyft ? "syft" : "sbom-tool (over the unpacked image)";

    /// <summary>Writes the index's SBOM over the platforms' SBOM files; it validates against the SPDX 2.3 schema or throws.</summary>
    public FilePath GenerateIndex(PushedImage pushed, IReadOnlyDictionary<Platform, FilePath> platformSboms)
    {
        var target = context.Options.Layout.IndexSbom;
        var version = context.RequireVersion();
        var document = IndexSbom.Create(
            pushed,
            platformSboms.ToDictionary(pair => pair.Key, pair => pair.Value.FullPath),
            version.Text,
            version.CommitTime,
            context.Options.Settings.Labels.Title,
            context.Options.Settings.Labels.Source.TrimEnd('/') + "/sbom");
        IndexSbom.Write(document, target.FullPath);
        return target;
    }

    public FilePath Generate(PushedImage pushed, Platform platform, Action<string>? progress = null)
    {
        progress ??= _ => { };
        var target = context.Options.Layout.PlatformSbom(platform);
        Directory.CreateDirectory(target.GetDirectory().FullPath);
        var digest = pushed.PlatformDigests[platform];
        if (UsesSyft)
        {
            var settings = new SyftScanSettings
            {
                Platform = platform.ToString(),
                SourceName = pushed.Repository.FullName,
                SourceVersion = context.RequireVersion().Text,
                AllowHttpRegistry = pushed.Repository.IsLoopback,
            };
            settings.Outputs.Add(new SyftOutput(SyftFormat.SpdxJson, target));
            progress("cataloguing with syft");
            context.SyftScan(SyftSource.Registry(pushed.Repository.WithDigest(digest)), settings);
        }
        else
        {
            GenerateFromRootFileSystem(pushed, platform, digest, target, progress);
        }

        SpdxSubject.Stamp(target.FullPath, pushed.Repository, digest, platform);
        foreach (var repair in SpdxRepairs.RepairAndValidate(target.FullPath))
        {
            progress("repaired " + repair);
        }

        progress("the SBOM validates against the official SPDX schema of its version");
        return target;
    }

    private void GenerateFromRootFileSystem(PushedImage pushed, Platform platform, string digest, FilePath target, Action<string> progress)
    {
        var work = context.Options.Layout.SbomWork(platform);
        if (Directory.Exists(work.FullPath))
        {
            Directory.Delete(work.FullPath, recursive: true);
        }

        Directory.CreateDirectory(work.FullPath);
        try
        {
            var layout = work.Combine("oci");
            progress("copying the image (skopeo)");
            using var auth = context.Services.NewRegistryAuthFile();
            context.SkopeoCopy(new SkopeoCopySettings
            {
                Source = "docker://" + pushed.Repository.WithDigest(digest),
                Destination = $"oci:{layout.FullPath}:image",
                All = false,
                SourceTlsVerify = !pushed.Repository.IsLoopback,
                SourceAuthFile = auth is null ? null : new FilePath(auth.Path),
                EnvironmentVariables = auth?.ToolEnvironment ?? [],
            });
            progress("unpacking it (umoci)");
            var rootfs = context.UmociUnpack(new UmociUnpackSettings
            {
                Image = layout.FullPath + ":image",
                Bundle = work.Combine("bundle"),
                Rootless = !Environment.IsPrivilegedProcess,
            });
            var links = RootFileSystem.Neutralise(rootfs.FullPath);
            progress($"removed {links} symbolic link(s) from the unpacked rootfs, so that the generator sees the image's own files only");
            _ = _toolsRestored.Value;
            var manifest = work.Combine("manifest");
            Directory.CreateDirectory(manifest.FullPath);
            var version = context.RequireVersion();
            progress("cataloguing with sbom-tool");
            var spdx = context.SbomToolGenerate(new SbomToolGenerateSettings
            {
                BuildDropPath = rootfs,
                BuildComponentPath = rootfs,
                PackageName = pushed.Repository.FullName,
                PackageVersion = version.Text,
                PackageSupplier = context.Options.Settings.Labels.Title,
                NamespaceUriBase = context.Options.Settings.Labels.Source.TrimEnd('/') + "/sbom",
                NamespaceUriUniquePart = digest[Registry.OciDigest.Sha256Prefix.Length..],
                GenerationTimestamp = version.CommitTime,
                ManifestDirPath = manifest,
                WorkingDirectory = context.Services.ToolManifestDirectory,
            });
            File.Copy(spdx.FullPath, target.FullPath, overwrite: true);
        }
        finally
        {
            Directory.Delete(work.FullPath, recursive: true);
        }
    }
}
