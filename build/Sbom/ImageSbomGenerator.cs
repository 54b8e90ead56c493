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
/// sbom-tool catalogues its unpacked root file system (skopeo copy to an OCI layout, umoci unpack), offline.
/// </summary>
public sealed class ImageSbomGenerator(BuildContext context)
{
    private readonly Lazy<bool> _toolsRestored = new(() =>
    {
        context.SbomToolRunner().RestoreTools(context.ToolManifestDirectory);
        return true;
    });

    public bool UsesSyft { get; } = context.SyftRunner().Locate() is not null;

    public string Generator => UsesSyft ? "syft" : "sbom-tool (over the unpacked image)";

    public static FilePath FileFor(BuildContext context, Platform platform) =>
        context.ArtifactsDirectory.Combine("sbom").CombineWithFilePath(platform.FileName + ".spdx.json");

    public FilePath Generate(PushedImage pushed, Platform platform)
    {
        var target = FileFor(context, platform);
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
            context.SyftScan(SyftSource.Registry(pushed.Repository.WithDigest(digest)), settings);
        }
        else
        {
            GenerateFromRootFileSystem(pushed, platform, digest, target);
        }

        SpdxSubject.Stamp(target.FullPath, pushed.Repository, digest, platform);
        return target;
    }

    private void GenerateFromRootFileSystem(PushedImage pushed, Platform platform, string digest, FilePath target)
    {
        var work = context.ArtifactsDirectory.Combine("sbom").Combine(".work").Combine(platform.FileName);
        if (Directory.Exists(work.FullPath))
        {
            Directory.Delete(work.FullPath, recursive: true);
        }

        Directory.CreateDirectory(work.FullPath);
        try
        {
            var layout = work.Combine("oci");
            using var auth = context.NewRegistryAuthFile();
            context.SkopeoCopy(new SkopeoCopySettings
            {
                Source = "docker://" + pushed.Repository.WithDigest(digest),
                Destination = $"oci:{layout.FullPath}:image",
                All = false,
                SourceTlsVerify = !pushed.Repository.IsLoopback,
                SourceAuthFile = auth is null ? null : new FilePath(auth.Path),
                EnvironmentVariables = auth?.ToolEnvironment ?? [],
            });
            var rootfs = context.UmociUnpack(new UmociUnpackSettings
            {
                Image = layout.FullPath + ":image",
                Bundle = work.Combine("bundle"),
                Rootless = !Environment.IsPrivilegedProcess,
            });
            _ = _toolsRestored.Value;
            var manifest = work.Combine("manifest");
            Directory.CreateDirectory(manifest.FullPath);
            var version = context.RequireVersion();
            var spdx = context.SbomToolGenerate(new SbomToolGenerateSettings
            {
                BuildDropPath = rootfs,
                BuildComponentPath = rootfs,
                PackageName = pushed.Repository.FullName,
                PackageVersion = version.Text,
                PackageSupplier = context.Settings.Labels.Title,
                NamespaceUriBase = context.Settings.Labels.Source.TrimEnd('/') + "/sbom",
                NamespaceUriUniquePart = digest[Registry.OciDigest.Sha256Prefix.Length..],
                GenerationTimestamp = version.CommitTime,
                ManifestDirPath = manifest,
                WorkingDirectory = context.ToolManifestDirectory,
            });
            File.Copy(spdx.FullPath, target.FullPath, overwrite: true);
        }
        finally
        {
            Directory.Delete(work.FullPath, recursive: true);
        }
    }
}
