using Build.Configuration;
using Build.Images;
using Build.Tools.SbomTool;
using Build.Tools.Skopeo;
using Build.Tools.Umoci;
using Cake.Core.IO;

namespace Build.Sbom;

/// <summary>
/// Offline, without syft: the platform image goes to an OCI layout (skopeo copy), is unpacked (umoci unpack), its
/// symbolic links are removed (<see cref="RootFileSystem"/>) and sbom-tool catalogues the root file system.
/// </summary>
public sealed class SbomToolSbomGenerator(BuildContext context) : ImageSbomGenerator(context)
{
    private readonly Lazy<bool> _toolsRestored = new(() =>
    {
        context.SbomToolRunner().RestoreTools(context.Services.ToolManifestDirectory);
        return true;
    });

    public override string Generator => "sbom-tool (over the unpacked image)";

    protected override void Catalogue(PushedImage pushed, Platform platform, string digest, FilePath target, Action<string> progress)
    {
        var work = Context.Options.Layout.SbomWork(platform);
        if (Directory.Exists(work.FullPath))
        {
            Directory.Delete(work.FullPath, recursive: true);
        }

        Directory.CreateDirectory(work.FullPath);
        try
        {
            var layout = work.Combine("oci");
            progress("copying the image (skopeo)");
            using var auth = Context.Services.NewRegistryAuthFile();
            Context.SkopeoCopy(new SkopeoCopySettings
            {
                Source = "docker://" + pushed.Repository.WithDigest(digest),
                Destination = $"oci:{layout.FullPath}:image",
                All = false,
                SourceTlsVerify = !pushed.Repository.IsLoopback,
                SourceAuthFile = auth is null ? null : new FilePath(auth.Path),
                EnvironmentVariables = auth?.ToolEnvironment ?? [],
            });
            progress("unpacking it (umoci)");
            var rootfs = Context.UmociUnpack(new UmociUnpackSettings
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
            var version = Context.RequireVersion();
            progress("cataloguing with sbom-tool");
            var spdx = Context.SbomToolGenerate(new SbomToolGenerateSettings
            {
                BuildDropPath = rootfs,
                BuildComponentPath = rootfs,
                PackageName = pushed.Repository.FullName,
                PackageVersion = version.Text,
                PackageSupplier = Context.Options.Settings.Labels.Title,
                NamespaceUriBase = Context.Options.Settings.Labels.Source.TrimEnd('/') + "/sbom",
                NamespaceUriUniquePart = digest[Registry.OciDigest.Sha256Prefix.Length..],
                GenerationTimestamp = version.CommitTime,
                ManifestDirPath = manifest,
                WorkingDirectory = Context.Services.ToolManifestDirectory,
            });
            File.Copy(spdx.FullPath, target.FullPath, overwrite: true);
        }
        finally
        {
            Directory.Delete(work.FullPath, recursive: true);
        }
    }
}
