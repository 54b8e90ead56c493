namespace Build.Tasks;

[TaskName("Release")]
[IsDependentOn(typeof(AnnounceTask))]
[TaskDescription("The whole release: version, image build and push, signatures, SBOMs, scan, chart, and the release bundle, published (publish mode), verified and announced (with ANNOUNCE_WEBHOOK_URL)")]
public sealed class ReleaseTask : FrostingTask<BuildContext>;
