using Build.Artifacts;
using Build.Charts;
using Build.Configuration;
using Build.Images;
using Build.Preflight;
using Build.Releasing;
using Build.Signing;
using Cake.Common.Diagnostics;
using Cake.Core.IO;

namespace Build.Tasks;

[TaskName("HelmPackage")]
[IsDependentOn(typeof(ScanTask))]
[TaskDescription("Sets the chart's version, appVersion, image digest and Artifact Hub annotations (in a copy), packages it reproducibly, signs it (cosign, and a Helm .prov) and pushes it to the registry as OCI")]
public sealed class HelmPackageTask : AsyncFrostingTask<BuildContext>, IDeclaresNeeds
{
    private string _skipped = string.Empty;

    public override string SkippedMessage => _skipped;

    /// <summary>Publishing with [Helm] RequireProvenance=true needs HELM_SIGNING_KEY, checked before anything is pushed.</summary>
    public TaskNeeds Needs(BuildContext context) => new()
    {
        Registry = true,
        SigningKeys = true,
        PushedImage = true,
        Secrets = context.Options is { IsPublishing: true, HelmProvenance.RequireProvenance: true }
            ? [new SecretNeed(
                BuildSecrets.HelmSigningKeyVariable,
                !string.IsNullOrEmpty(context.Options.Secrets.HelmSigningKey),
                "HELM_SIGNING_KEY is not set, and [Helm] RequireProvenance=true: export the armored secret key that signs the chart's .prov (gpg --armor --export-secret-keys KEYID) as HELM_SIGNING_KEY, its passphrase as HELM_SIGNING_PASSPHRASE.")]
            : [],
    };

    /// <summary>An earlier run's package of this version and commit, unchanged, signed and still in the registry, is kept.</summary>
    public override bool ShouldRun(BuildContext context)
    {
        if (context.Options.Force)
        {
            return true;
        }

        var resumed = context.Resumed;
        if (resumed is { Chart: { } chart, ChartStillPublished: true } && context.PushedOrNull is { } image && resumed.ChartPinsImage(image))
        {
            _skipped = $"already packaged {chart.Package.GetFilename()} from this commit; it is unchanged, its signature verifies and oci://{chart.OciReference} still has it";
            return false;
        }

        return true;
    }

    public override async Task RunAsync(BuildContext context)
    {
        SourceFiles.RequireSafe(context.Options.Settings.Chart.FullPath);
        var version = context.RequireVersion();
        var pushed = context.RequirePushed();
        var committed = ChartMetadata.Load(context.Options.Settings.Chart.FullPath);
        RequireCommittedVersion(context, committed, version.Text);

        var helmKey = HelmKeys.Resolve(context);
        var signKey = helmKey is null ? ((string, string)?)null : (helmKey.Fingerprint, $"https://github.com/{context.Options.GitHub.Owner}/{context.Options.GitHub.Repository}/releases/download/{version.GitTag ?? "v" + version.Text}/{ReleaseAssembly.HelmPublicKeyAsset}");
        var copy = await ReleasedChart.CopyAsync(context, committed, version.Text, pushed, signKey);
        if (context.Arguments.HasArgument(Arguments.BumpChart))
        {
            context.Information("--bump-chart: the released chart differs from the committed one:\n{0}", ReleasedChart.Changes(context.Options.Settings.Chart, copy));
        }

        var publisher = context.Services.ChartPublisher;
        var package = publisher.Package(copy, context.Options.Layout.Chart, version.CommitTime);
        context.Information("Packaged {0} (version and appVersion {1}, image {2})", package.GetFilename(), version.Text, pushed.Reference);

        var signer = context.Services.Signer;
        if (BlobSigning.SignUnlessVerified(signer, package))
        {
            context.Information("Signed {0} ({1}); the signature verifies", package.GetFilename(), signer.Settings.Describe());
        }
        else
        {
            context.Information("Already signed {0} (the signature verifies; kept)", package.GetFilename());
        }

        var signature = signer.BlobSignatureOf(package);
        WriteProvenance(context, package, helmKey, version.CommitTime);
        var pushedChart = await publisher.PushAsync(package);
        context.Information("Pushed the chart to oci://{0}@{1}", pushedChart.Reference, pushedChart.Digest);
        context.Results.Chart.Set(new ChartArtifact(package, signature, committed.Name, version.Text, pushedChart.Reference, pushedChart.Digest));
        context.Services.State.Save(state => (state with
        {
            Chart = new State.ChartState(package.FullPath, Checksums.Sha256(package.FullPath), version.Text, pushedChart.Reference, pushedChart.Digest),
        }).WithCompleted(BuildPlan.NameOf<HelmPackageTask>()));
        context.Results.Artifacts.Add(new Artifact(ArtifactKind.Chart, package.GetFilename().FullPath, package, pushedChart.Digest));
        context.Results.Artifacts.Add(new Artifact(ArtifactKind.Signature, signature.GetFilename().FullPath, signature));
    }

    /// <summary>
    /// Writes PACKAGE.prov as helm package --sign does; an earlier run's file that is of the same text and verifies with
    /// this key is kept byte for byte. Without a key, a .prov an earlier run left is removed, so no stale one is released.
    /// </summary>
    private static void WriteProvenance(BuildContext context, FilePath package, HelmSigningKey? key, DateTimeOffset commitTime)
    {
        var file = ArtifactLayout.ChartProvenance(package).FullPath;
        if (key is null)
        {
            File.Delete(file);
            return;
        }

        var message = HelmProvenance.MessageFor(package.FullPath);
        if (File.Exists(file) && HelmProvenance.Verifies(File.ReadAllText(file), message, key.PublicKey))
        {
            context.Information("Already Helm-signed {0} (it verifies with key {1} for this package; kept)", System.IO.Path.GetFileName(file), key.Fingerprint);
            return;
        }

        FileWriter.WriteIfChanged(file, HelmProvenance.Sign(message, key, commitTime));
        context.Information("Helm-signed {0} with key {1} (helm verify / gpg --verify check it)", System.IO.Path.GetFileName(file), key.Fingerprint);
    }

    /// <summary>Publish mode releases what is committed: a Chart.yaml still on another version needs a commit, or --bump-chart.</summary>
    private static void RequireCommittedVersion(BuildContext context, ChartMetadata committed, string version)
    {
        if (context.Options.IsPublishing && committed.Version != version && !context.Arguments.HasArgument(Arguments.BumpChart))
        {
            throw new BuildConfigurationException(
                $"{context.Options.Settings.Chart.FullPath}/Chart.yaml has version {committed.Version}, but this release is {version}: commit the bump (version and appVersion {version}), or pass --bump-chart to release the chart as {version} anyway (the change is then shown).");
        }
    }
}
