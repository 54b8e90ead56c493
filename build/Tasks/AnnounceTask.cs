using Build.Announcing;
using Build.Configuration;
using Build.Preflight;
using Build.Releasing;
using Build.Versioning;
using Cake.Common.Diagnostics;

namespace Build.Tasks;

[TaskName("Announce")]
[IsDependentOn(typeof(HelmIndexTask))]
[TaskDescription("Posts one message about the release (version, image digest, release URL, verify command) to ANNOUNCE_WEBHOOK_URL ([Announce] Format slack, discord or json), once per release; without the webhook it is skipped")]
public sealed class AnnounceTask : AsyncFrostingTask<BuildContext>, IDeclaresNeeds
{
    private string _skipped = string.Empty;

    public override string SkippedMessage => _skipped;

    /// <summary>A webhook URL that is set but unusable is refused before anything is pushed (its value never shown).</summary>
    public TaskNeeds Needs(BuildContext context) => new()
    {
        // With --exclusive the pushed image it names is resumed from the registry.
        Registry = true,
        PushedImage = true,
        Secrets = context.Options.Secrets.AnnounceWebhookUrl is { Length: > 0 } url && WebhookAnnouncer.Problem(url, context.Options.IsPublishing) is { } problem
            ? [new SecretNeed(BuildSecrets.AnnounceWebhookUrlVariable, IsSet: false, problem)]
            : [],
    };

    public override bool ShouldRun(BuildContext context)
    {
        if (string.IsNullOrEmpty(context.Options.Secrets.AnnounceWebhookUrl))
        {
            _skipped = $"{BuildSecrets.AnnounceWebhookUrlVariable} is not set: there is no webhook to announce the release to";
            return false;
        }

        var version = context.RequireVersion();
        if (ReleaseUrl(context, version) is { } url && AnnouncedBefore(context, version, url))
        {
            _skipped = $"{version.Text} ({url}) was announced before ({State.ReleaseState.FileName}): a release is announced once";
            return false;
        }

        return true;
    }

    public override async Task RunAsync(BuildContext context)
    {
        var version = context.RequireVersion();
        var pushed = context.RequirePushed();
        var url = ReleaseUrl(context, version)
            ?? throw new BuildConfigurationException($"There is no published release of {version.Text} to announce: run the Publish task first (drop --exclusive).");
        var signer = context.Services.Signer;
        // The first command of the release notes: cosign verify of the image by digest.
        var verify = ReleaseNotes.Commands(new VerificationFacts(pushed, signer.Settings.Mode, signer.Settings.CertificateIdentity, signer.UsesTransparencyLog, null, null, null))[0];
        var announcement = new Announcement(context.Options.Settings.Labels.Title, version.Text, !context.Options.IsPublishing, pushed, url, verify);
        var format = context.Options.Announce.Format;

        var failure = await context.Services.Announcer.PostAsync(context.Options.Secrets.AnnounceWebhookUrl!, announcement.Body(format));
        if (failure is not null)
        {
            // The release is out: a webhook that fails does not undo it. Nothing is recorded, so the next run tries again.
            context.Warning("{0} was NOT announced: {1}. Run the release again to retry the announcement.", version.Text, failure);
            return;
        }

        context.Services.State.Save(state => (state with { Announced = [.. state.Announced, url] }).WithCompleted(BuildPlan.NameOf<AnnounceTask>()));
        context.Information("Announced {0} ({1} message to {2}): {3}", version.Text, format.ToString().ToLowerInvariant(), BuildSecrets.AnnounceWebhookUrlVariable, url);
    }

    /// <summary>Where the release is: the GitHub release's page (publish mode), or the rehearsal's bundle folder; this run's, else an earlier run's (--exclusive).</summary>
    private static string? ReleaseUrl(BuildContext context, ReleaseVersion version) =>
        context.Options.IsPublishing
            ? context.Results.ReleaseUrl.ValueOrDefault ?? (ThisVersionsState(context, version)?.Release is { Published: true } release ? release.Url : null)
            : context.Results.ReleaseDirectory.ValueOrDefault ?? (context.Options.Layout.Release(version.Text).FullPath is var bundle && Directory.Exists(bundle) ? bundle : null);

    private static bool AnnouncedBefore(BuildContext context, ReleaseVersion version, string url) =>
        ThisVersionsState(context, version)?.Announced.Contains(url, StringComparer.Ordinal) == true;

    private static State.ReleaseState? ThisVersionsState(BuildContext context, ReleaseVersion version) =>
        context.Services.State.Latest is { } state && state.Version == version.Version.ToString() && state.Commit == version.Commit ? state : null;
}
