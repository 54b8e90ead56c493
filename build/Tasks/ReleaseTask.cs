namespace Build.Tasks;

[TaskName("Release")]
[IsDependentOn(typeof(HelmPackageTask))]
[TaskDescription("Publishes the release: a GitHub release (publish) or a bundle under artifacts/release (rehearsal)")]
public sealed class ReleaseTask : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context) =>
        throw new NotYetBuiltException("Release", "publishing the release assets", "issue #7 (HelmPackage and Release)");
}
