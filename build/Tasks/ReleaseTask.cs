using Build.Artifacts;
using Build.Configuration;
using Build.GitHub;
using Build.Releasing;
using Cake.Common.Diagnostics;
using Cake.Core.IO;

namespace Build.Tasks;

[TaskName("Release")]
[IsDependentOn(typeof(HelmPackageTask))]
[TaskDescription("Gathers the release assets (chart, pinned manifests, SBOMs, provenance, SARIF, signed SHA256SUMS) and notes; publishes them to GitHub (publish) or artifacts/release/<version> (rehearsal); then verifies the release")]
public sealed class ReleaseTask : AsyncFrostingTask<BuildContext>
{
    public override async Task RunAsync(BuildContext context)
    {
        var version = context.RequireVersion();
        var pushed = context.RequirePushed();
        var chart = context.RequireChart();
        var bundle = new ReleaseBundle(context.ArtifactsDirectory.Combine("release").Combine(version.Text));

        bundle.Copy(chart.Package);
        bundle.Copy(chart.Signature);
        foreach (var manifest in context.Globber.GetFiles(context.Settings.Manifests.FullPath + "/*.yaml").OrderBy(file => file.FullPath, StringComparer.Ordinal))
        {
            bundle.AddPinnedManifest(manifest, pushed, context.Settings.PublishedImage.FullName);
        }

        // From the files, not this run's artifact list, so that --exclusive --target=Release works from an earlier run.
        foreach (var platform in pushed.PlatformDigests.Keys)
        {
            var sbom = Sbom.ImageSbomGenerator.FileFor(context, platform);
            bundle.Copy(context.FileSystem.Exist(sbom) ? sbom : throw new BuildConfigurationException($"The SBOM of {platform} ({sbom.FullPath}) is missing: run the Sbom task first."));
        }

        var indexSbom = Sbom.ImageSbomGenerator.IndexFileFor(context);
        bundle.Copy(context.FileSystem.Exist(indexSbom) ? indexSbom : throw new BuildConfigurationException($"The SBOM of the index ({indexSbom.FullPath}) is missing: run the Sbom task first."));

        var provenance = Provenance.ProvenanceAttestation.FileFor(context);
        bundle.Copy(context.FileSystem.Exist(provenance) ? provenance : throw new BuildConfigurationException($"The provenance of the image ({provenance.FullPath}) is missing: run the Sign task first."));

        var sarif = context.ArtifactsDirectory.Combine("scan").CombineWithFilePath("trivy.sarif");
        if (context.FileSystem.Exist(sarif))
        {
            bundle.Copy(sarif);
        }

        if (context.Signer.Settings.Mode != SigningMode.Keyless)
        {
            var publicKey = context.Signer.Settings.PublicKey;
            if (publicKey.FullPath.StartsWith(context.RepositoryRoot.FullPath + "/", StringComparison.Ordinal))
            {
                bundle.CopyFromRepository(publicKey, context.RepositoryRoot);
            }
            else
            {
                bundle.Copy(publicKey);
            }
        }

        var sums = bundle.WriteChecksums();
        var sumsSignature = SignChecksums(context, sums, bundle);
        var notes = ReleaseNotes.Compose(ChangelogSection(context, version.Text), new VerificationFacts(
            pushed,
            context.Signer.Settings.Mode,
            context.Signer.Settings.CertificateIdentity,
            context.Signer.UsesTransparencyLog,
            chart.Package.GetFilename().FullPath,
            chart.Signature.GetFilename().FullPath,
            sumsSignature.GetFilename().FullPath));
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

        context.ReleaseDirectory = bundle.Directory.FullPath;
        var verified = bundle.Directory;
        if (context.IsPublishing)
        {
            await PublishAsync(context, version, bundle, notes);
            verified = context.ArtifactsDirectory.Combine("verify").Combine(version.Text);
            await DownloadAsync(context, version.GitTag!, verified);
        }

        var checksums = Checksums.Sha256(bundle.PathOf(ReleaseBundle.Checksums));
        var signaturesHeld = context.ReleaseState is { } recorded && context.SignedDigests.All(recorded.SignatureManifests.ContainsKey);
        if (!context.IsPublishing && bundle.Written == 0 && signaturesHeld && context.ReleaseState?.VerifiedChecksums == checksums)
        {
            // Nothing changed since this very bundle was verified, and Sign and Sbom found their verified manifests in place.
            context.Information("VerifyRelease: this bundle (SHA256SUMS {0}) was verified before and nothing changed since", checksums[..12]);
        }
        else
        {
            await new ReleaseVerifier(context, context.Signer, line => context.Information("VerifyRelease {0}", line)).VerifyAsync(version.Text, verified.FullPath, pushed.Tags[0]);
        }

        context.SaveState(state => (state with { VerifiedChecksums = checksums }).WithCompleted("Release"));
        context.Information("Released {0}: {1}", version.Text, pushed.Reference);
    }

    /// <summary>The GitHub release: a draft until every asset is up, published then; a finished release is left as it is.</summary>
    private static async Task PublishAsync(BuildContext context, Versioning.ReleaseVersion version, ReleaseBundle bundle, string notes)
    {
        var request = new ReleaseRequest(
            context.GitHub.Owner,
            context.GitHub.Repository,
            version.GitTag!,
            $"RDS CSI Driver {version.GitTag}",
            notes,
            version.IsPrerelease,
            bundle.Assets.Select(name => new ReleaseAsset(name, bundle.PathOf(name))).ToList(),
            context.Force);
        using var publisher = new GitHubReleasePublisher(context.GitHub.Api, context.Secrets.GitHubToken!);
        var progress = new Progress<string>(line => context.Information("GitHub: {0}", line));
        var outcome = await Resilience.Retries.Operations(context.RetrySettings, line => context.Warning("{0}", line), exception => exception is GitHubReleaseException { IsTransient: true })
            .ExecuteAsync(async token => await publisher.PublishAsync(request, progress, token));
        context.Information(
            outcome.ChangedNothing
                ? "GitHub release {0} is already complete and published; nothing changed ({1})"
                : "GitHub release {0} published ({1}): {2} uploaded, {3} already there, {4} replaced",
            version.GitTag!,
            outcome.HtmlUrl,
            outcome.Uploaded.Count,
            outcome.AlreadyPresent.Count,
            outcome.Replaced.Count);
        context.ReleaseUrl = outcome.HtmlUrl;
        context.SaveState(state => state with
        {
            Release = new State.GitHubReleaseState(outcome.ReleaseId, outcome.HtmlUrl, true, bundle.Assets.ToDictionary(name => name, name => Checksums.Sha256(bundle.PathOf(name)))),
        });
    }

    /// <summary>What GitHub now serves, downloaded afresh, so that the verification does not trust the local files.</summary>
    internal static async Task DownloadAsync(BuildContext context, string tag, DirectoryPath directory)
    {
        MadeFolders.Recreate(context.ArtifactsDirectory.FullPath, directory.FullPath);
        using var publisher = new GitHubReleasePublisher(context.GitHub.Api, context.Secrets.GitHubToken
            ?? throw new BuildConfigurationException("GITHUB_TOKEN is not set: it reads the GitHub release's assets (any token with read access to the repository)."));
        var assets = await publisher.DownloadAssetsAsync(context.GitHub.Owner, context.GitHub.Repository, tag, directory.FullPath);
        context.Information("Downloaded the {0} assets of the GitHub release {1} to verify them", assets.Count, tag);
    }

    /// <summary>SHA256SUMS is signed like the chart; a signature that still verifies is kept, so a re-run changes nothing.</summary>
    private static FilePath SignChecksums(BuildContext context, FilePath sums, ReleaseBundle bundle)
    {
        var signature = context.Signer.BlobSignatureOf(sums);
        var verifies = false;
        if (File.Exists(signature.FullPath))
        {
            try
            {
                context.Signer.VerifyBlob(sums);
                verifies = true;
            }
            catch (Exception exception) when (exception is InvalidOperationException or Tools.ToolFailedException)
            {
                verifies = false;
            }
        }

        if (!verifies)
        {
            context.Signer.SignBlob(sums);
            context.Signer.VerifyBlob(sums);
        }

        bundle.Copy(signature);
        return signature;
    }

    /// <summary>The CHANGELOG.md section of the version: required to publish; a rehearsal says it is missing and goes on.</summary>
    internal static string ChangelogSection(BuildContext context, string version)
    {
        var file = context.RepositoryRoot.CombineWithFilePath("CHANGELOG.md").FullPath;
        var section = File.Exists(file) || new FileInfo(file).LinkTarget is not null
            ? Changelog.SectionFor(SourceFiles.ReadAllText(context.RepositoryRoot.FullPath, file), version)
            : null;
        if (section is not null)
        {
            return section;
        }

        if (context.IsPublishing)
        {
            throw new BuildConfigurationException($"CHANGELOG.md has no section for {version}: add '## [{version}] - {DateTime.UtcNow:yyyy-MM-dd}' with what changed (Keep a Changelog), commit, and tag again.");
        }

        context.Warning("CHANGELOG.md has no section for {0}; the rehearsal's notes say so (publish mode would stop here)", version);
        return $"_CHANGELOG.md has no section for {version} (a rehearsal)._";
    }
}
