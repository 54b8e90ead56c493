using Build.Configuration;
using Build.Preflight;
using Build.Releasing;
using Cake.Common.Diagnostics;

namespace Build.Tasks;

[TaskName("Publish")]
[IsDependentOn(typeof(BinariesTask))]
[TaskDescription("Gathers the release assets (chart, pinned manifests, SBOMs, provenance, SARIF, signed SHA256SUMS) and notes into artifacts/release/<version>; publishes them as a GitHub release (publish mode); then verifies the release as published")]
public sealed class PublishTask : AsyncFrostingTask<BuildContext>, IDeclaresNeeds
{
    /// <summary>Publish mode makes the GitHub release with GITHUB_TOKEN.</summary>
    public TaskNeeds Needs(BuildContext context) => new()
    {
        Registry = true,
        SigningKeys = true,
        PushedImage = true,
        Secrets = SecretNeed.GitHubTokenWhenPublishing(context, "makes the GitHub release with it (in Actions: env GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }} with permissions contents: write)"),
    };

    public override async Task RunAsync(BuildContext context)
    {
        var version = context.RequireVersion();
        var pushed = context.RequirePushed();
        var (bundle, notes, transparencyLog) = await ReleaseAssembly.GatherAsync(context, version, pushed, context.RequireChart());
        context.Results.ReleaseDirectory.Set(bundle.Directory.FullPath);
        context.Results.TransparencyLog.Set(transparencyLog);
        if (transparencyLog.Count > 0)
        {
            context.Services.State.Save(state => state with { TransparencyLog = transparencyLog });
        }

        var destination = context.Services.ReleaseDestination;
        if (await destination.PublishAsync(version, bundle, notes) is { } published)
        {
            context.Results.ReleaseUrl.Set(published.Url);
            context.Services.State.Save(state => state with
            {
                Release = new State.GitHubReleaseState(published.Id, published.Url, true, bundle.Assets.ToDictionary(name => name, name => Checksums.Sha256(bundle.PathOf(name)))),
            });
        }

        var checksums = Checksums.Sha256(bundle.PathOf(ReleaseBundle.Checksums));
        if (VerifiedBefore(context, bundle, checksums))
        {
            context.Information("VerifyRelease: this bundle (SHA256SUMS {0}) was verified before and nothing changed since", checksums[..12]);
        }
        else
        {
            // A publish run of an untagged commit is refused before it starts; a rehearsal's bundle needs no tag.
            var directory = await destination.FetchAsync(version.Text, version.GitTag ?? "v" + version.Text);
            await context.Services.ReleaseVerification.VerifyAsync(version.Text, directory, pushed.Tags[0], line => context.Information("VerifyRelease {0}", line));
        }

        context.Services.State.Save(state => (state with { VerifiedChecksums = checksums }).WithCompleted(BuildPlan.NameOf<PublishTask>()));
        context.Information("Released {0}: {1}", version.Text, pushed.Reference);
    }

    /// <summary>A rehearsal's bundle that was verified before and did not change, with Sign and Sbom finding their verified manifests in place.</summary>
    private static bool VerifiedBefore(BuildContext context, ReleaseBundle bundle, string checksums) =>
        !context.Options.IsPublishing
        && bundle.Written == 0
        && context.Services.State.Current is { } recorded
        && (context.Results.SignedDigests.ValueOrDefault ?? []).All(recorded.SignatureManifests.ContainsKey)
        && recorded.VerifiedChecksums == checksums;
}
