using Build.Artifacts;
using Build.Configuration;
using Build.GitHub;
using Build.Preflight;
using Build.Releasing;
using Cake.Common.Diagnostics;
using Cake.Core.IO;

namespace Build.Tasks;

[TaskName("Release")]
[IsDependentOn(typeof(HelmPackageTask))]
[TaskDescription("Gathers the release assets (chart, pinned manifests, SBOMs, provenance, SARIF, signed SHA256SUMS) and notes; publishes them to GitHub (publish) or artifacts/release/<version> (rehearsal); then verifies the release")]
public sealed class ReleaseTask : AsyncFrostingTask<BuildContext>, IDeclaresNeeds
{
    /// <summary>Publish mode makes the GitHub release with GITHUB_TOKEN.</summary>
    public TaskNeeds Needs(BuildContext context) => new()
    {
        Registry = true,
        SigningKeys = true,
        PushedImage = true,
        Secrets = context.Options.IsPublishing
            ? [new SecretNeed(
                BuildSecrets.GitHubTokenVariable,
                !string.IsNullOrEmpty(context.Options.Secrets.GitHubToken),
                "GITHUB_TOKEN is not set: publish mode makes the GitHub release with it (in Actions: env GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }} with permissions contents: write).")]
            : [],
    };

    public override async Task RunAsync(BuildContext context)
    {
        var version = context.RequireVersion();
        var pushed = context.RequirePushed();
        var chart = context.RequireChart();
        var bundle = new ReleaseBundle(context.Options.Layout.Release(version.Text));

        bundle.Copy(chart.Package);
        bundle.Copy(chart.Signature);
        foreach (var manifest in context.Globber.GetFiles(context.Options.Settings.Manifests.FullPath + "/*.yaml").OrderBy(file => file.FullPath, StringComparer.Ordinal))
        {
            bundle.AddPinnedManifest(manifest, pushed, context.Options.Settings.PublishedImage.FullName);
        }

        // From the files, not this run's artifact list, so that --exclusive --target=Release works from an earlier run.
        foreach (var platform in pushed.PlatformDigests.Keys)
        {
            var sbom = context.Options.Layout.PlatformSbom(platform);
            bundle.Copy(context.FileSystem.Exist(sbom) ? sbom : throw new BuildConfigurationException($"The SBOM of {platform} ({sbom.FullPath}) is missing: run the Sbom task first."));
        }

        var indexSbom = context.Options.Layout.IndexSbom;
        bundle.Copy(context.FileSystem.Exist(indexSbom) ? indexSbom : throw new BuildConfigurationException($"The SBOM of the index ({indexSbom.FullPath}) is missing: run the Sbom task first."));

        var provenance = context.Options.Layout.Provenance;
        bundle.Copy(context.FileSystem.Exist(provenance) ? provenance : throw new BuildConfigurationException($"The provenance of the image ({provenance.FullPath}) is missing: run the Sign task first."));

        var sarif = context.Options.Layout.ScanSarif;
        if (context.FileSystem.Exist(sarif))
        {
            bundle.Copy(sarif);
        }

        if (context.Services.Signer.Settings.Mode != SigningMode.Keyless)
        {
            var publicKey = context.Services.Signer.Settings.PublicKey;
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
        var sumsSignature = SignChecksums(context, sums, bundle);
        var notes = ReleaseNotes.Compose(ReleaseChangelog.Section(context, version.Text), new VerificationFacts(
            pushed,
            context.Services.Signer.Settings.Mode,
            context.Services.Signer.Settings.CertificateIdentity,
            context.Services.Signer.UsesTransparencyLog,
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

        context.Results.ReleaseDirectory.Set(bundle.Directory.FullPath);
        var verified = bundle.Directory;
        if (context.Options.IsPublishing)
        {
            await PublishAsync(context, version, bundle, notes);
            verified = context.Options.Layout.Verify(version.Text);
            await ReleaseDownload.DownloadAsync(context, version.GitTag!, verified);
        }

        var checksums = Checksums.Sha256(bundle.PathOf(ReleaseBundle.Checksums));
        var signaturesHeld = context.Services.State.Current is { } recorded && (context.Results.SignedDigests.ValueOrDefault ?? []).All(recorded.SignatureManifests.ContainsKey);
        if (!context.Options.IsPublishing && bundle.Written == 0 && signaturesHeld && context.Services.State.Current?.VerifiedChecksums == checksums)
        {
            // Nothing changed since this very bundle was verified, and Sign and Sbom found their verified manifests in place.
            context.Information("VerifyRelease: this bundle (SHA256SUMS {0}) was verified before and nothing changed since", checksums[..12]);
        }
        else
        {
            await new ReleaseVerifier(context, context.Services.Signer, line => context.Information("VerifyRelease {0}", line)).VerifyAsync(version.Text, verified.FullPath, pushed.Tags[0]);
        }

        context.Services.State.Save(state => (state with { VerifiedChecksums = checksums }).WithCompleted(BuildPlan.NameOf<ReleaseTask>()));
        context.Information("Released {0}: {1}", version.Text, pushed.Reference);
    }

    /// <summary>The GitHub release: a draft until every asset is up, published then; a finished release is left as it is.</summary>
    private static async Task PublishAsync(BuildContext context, Versioning.ReleaseVersion version, ReleaseBundle bundle, string notes)
    {
        var request = new ReleaseRequest(
            context.Options.GitHub.Owner,
            context.Options.GitHub.Repository,
            version.GitTag!,
            $"RDS CSI Driver {version.GitTag}",
            notes,
            version.IsPrerelease,
            bundle.Assets.Select(name => new ReleaseAsset(name, bundle.PathOf(name))).ToList(),
            context.Options.Force);
        using var publisher = new GitHubReleasePublisher(context.Options.GitHub.Api, context.Options.Secrets.GitHubToken!);
        var progress = new Progress<string>(line => context.Information("GitHub: {0}", line));
        var outcome = await Resilience.Retries.Operations(context.Options.RetrySettings, line => context.Warning("{0}", line), exception => exception is GitHubReleaseException { IsTransient: true })
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
        context.Results.ReleaseUrl.Set(outcome.HtmlUrl);
        context.Services.State.Save(state => state with
        {
            Release = new State.GitHubReleaseState(outcome.ReleaseId, outcome.HtmlUrl, true, bundle.Assets.ToDictionary(name => name, name => Checksums.Sha256(bundle.PathOf(name)))),
        });
    }

    /// <summary>SHA256SUMS is signed like the chart; a signature that still verifies is kept, so a re-run changes nothing.</summary>
    private static FilePath SignChecksums(BuildContext context, FilePath sums, ReleaseBundle bundle)
    {
        var signature = context.Services.Signer.BlobSignatureOf(sums);
        var verifies = File.Exists(signature.FullPath) && context.Services.Signer.BlobVerifies(sums);
        if (!verifies)
        {
            context.Services.Signer.SignBlob(sums);
            context.Services.Signer.VerifyBlob(sums);
        }

        bundle.Copy(signature);
        return signature;
    }
}
