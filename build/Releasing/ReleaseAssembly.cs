using Build.Configuration;
using Build.Images;
using Build.Versioning;
using Cake.Common.Diagnostics;
using Cake.Core.IO;

namespace Build.Releasing;

/// <summary>
/// Gathers a release's assets into artifacts/release/&lt;version&gt; (chart and its signature, its Helm .prov and key, manifests pinned to the
/// digest, SBOMs, provenance, SARIF, the public key, SHA256SUMS and its signature) and writes the notes; each file is
/// written only when it changes, and what an earlier run left that is no longer an asset is removed.
/// </summary>
public static class ReleaseAssembly
{
    /// <summary>The released name of the public key that verifies the chart's .prov.</summary>
    public const string HelmPublicKeyAsset = "helm-signing.asc";

    public static async Task<(ReleaseBundle Bundle, string Notes, IReadOnlyList<Transparency.RekorEntry> TransparencyLog)> GatherAsync(BuildContext context, ReleaseVersion version, PushedImage pushed, ChartArtifact chart)
    {
        var layout = context.Options.Layout;
        var signer = context.Services.Signer;
        var bundle = new ReleaseBundle(layout.Release(version.Text));

        bundle.Copy(chart.Package);
        bundle.Copy(chart.Signature);
        var helmProvenance = ArtifactLayout.ChartProvenance(chart.Package);
        if (context.FileSystem.Exist(helmProvenance))
        {
            bundle.Copy(helmProvenance);
            bundle.Add(HelmPublicKeyAsset, File.ReadAllBytes(layout.HelmPublicKey.FullPath));
        }

        foreach (var archive in Binaries.BinaryArchive.In(layout.Binaries(version.Text).FullPath))
        {
            bundle.Copy(archive);
            bundle.Copy(signer.BlobSignatureOf(archive));
        }

        foreach (var manifest in context.Globber.GetFiles(context.Options.Settings.Manifests.FullPath + "/*.yaml").OrderBy(file => file.FullPath, StringComparer.Ordinal))
        {
            bundle.AddPinnedManifest(manifest, pushed, context.Options.Settings.PublishedImage.FullName);
        }

        // From the files, not this run's artifact list, so that --exclusive --target=Publish works from an earlier run.
        foreach (var platform in pushed.PlatformDigests.Keys)
        {
            var sbom = layout.PlatformSbom(platform);
            bundle.Copy(context.FileSystem.Exist(sbom) ? sbom : throw new BuildConfigurationException($"The SBOM of {platform} ({sbom.FullPath}) is missing: run the Sbom task first."));
        }

        var indexSbom = layout.IndexSbom;
        bundle.Copy(context.FileSystem.Exist(indexSbom) ? indexSbom : throw new BuildConfigurationException($"The SBOM of the index ({indexSbom.FullPath}) is missing: run the Sbom task first."));

        var provenance = layout.Provenance;
        bundle.Copy(context.FileSystem.Exist(provenance) ? provenance : throw new BuildConfigurationException($"The provenance of the image ({provenance.FullPath}) is missing: run the Sign task first."));

        if (context.FileSystem.Exist(layout.ScanSarif))
        {
            bundle.Copy(layout.ScanSarif);
        }

        if (signer.Settings.Mode != SigningMode.Keyless)
        {
            var publicKey = signer.Settings.PublicKey;
            if (publicKey.FullPath.StartsWith(context.Options.RepositoryRoot.FullPath + "/", StringComparison.Ordinal))
            {
                bundle.CopyFromRepository(publicKey, context.Options.RepositoryRoot);
            }
            else
            {
                bundle.Copy(publicKey);
            }
        }

        var sums = bundle.WriteChecksums();
        BlobSigning.SignUnlessVerified(signer, sums);
        var sumsSignature = signer.BlobSignatureOf(sums);
        bundle.Copy(sumsSignature);
        var logged = signer.UsesTransparencyLog ? await TransparencyOfAsync(context, pushed, bundle) : Transparency.TransparencyRecord.Empty;
        if (logged.Unlogged.Count > 0)
        {
            throw new InvalidOperationException($"Signed with the transparency log, yet Rekor has no entry for: {string.Join("; ", logged.Unlogged)}. Re-run the release with --force to sign again.");
        }

        var notes = ReleaseNotes.Compose(ReleaseChangelog.Section(context, version.Text), new VerificationFacts(
            pushed,
            signer.Settings.Mode,
            signer.Settings.CertificateIdentity,
            signer.UsesTransparencyLog,
            chart.Package.GetFilename().FullPath,
            chart.Signature.GetFilename().FullPath,
            sumsSignature.GetFilename().FullPath,
            HelmProvenanceFile: context.FileSystem.Exist(helmProvenance) ? helmProvenance.GetFilename().FullPath : null) { TransparencyLogEntries = logged.Entries });
        bundle.WriteNotes(notes);
        foreach (var stale in bundle.RemoveStale())
        {
            context.Information("Removed {0} from the release bundle: an earlier run made it, this one did not", stale);
        }

        context.Information(
            bundle.Written == 0 ? "Release bundle {0}: {1} assets and notes.md, all already up to date (nothing changed)" : "Release bundle {0}: {1} assets and notes.md ({2} files written)",
            bundle.Directory.FullPath,
            bundle.Assets.Count,
            bundle.Written);
        return (bundle, notes, logged.Entries);
    }

    /// <summary>The Rekor entries of the image's signatures and attestations (index and platforms) and of the bundle's blob signatures.</summary>
    public static Task<Transparency.TransparencyRecord> TransparencyOfAsync(BuildContext context, PushedImage pushed, ReleaseBundle bundle) =>
        Transparency.TransparencyLog.CollectAsync(
            context.Services.ImageRegistry,
            pushed.Repository.Repository,
            [pushed.IndexDigest, .. pushed.PlatformDigests.Values],
            Directory.GetFiles(bundle.Directory.FullPath, "*.sigstore.json"));
}
