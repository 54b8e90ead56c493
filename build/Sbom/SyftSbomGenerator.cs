using Build.Configuration;
using Build.Images;
using Build.Tools.Syft;
using Cake.Core.IO;

namespace Build.Sbom;

/// <summary>syft reads the platform image straight from the registry.</summary>
public sealed class SyftSbomGenerator(BuildContext context) : ImageSbomGenerator(context)
{
    public override string Generator => "syft";

    protected override void Catalogue(PushedImage pushed, Platform platform, string digest, FilePath target, Action<string> progress)
    {
        var settings = new SyftScanSettings
        {
            Platform = platform.ToString(),
            SourceName = pushed.Repository.FullName,
            SourceVersion = Context.RequireVersion().Text,
            AllowHttpRegistry = pushed.Repository.IsLoopback,
        };
        settings.Outputs.Add(new SyftOutput(SyftFormat.SpdxJson, target));
        progress("cataloguing with syft");
        Context.SyftScan(SyftSource.Registry(pushed.Repository.WithDigest(digest)), settings);
    }
}
