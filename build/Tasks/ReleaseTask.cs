namespace Build.Tasks;

[TaskName("Release")]
[IsDependentOn(typeof(PublishTask))]
[TaskDescription("The whole release: version, image build and push, signatures, SBOMs, scan, chart, and the release bundle, published (publish mode) and verified")]
public sealed class ReleaseTask : FrostingTask<BuildContext>;
