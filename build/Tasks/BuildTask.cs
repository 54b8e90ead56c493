namespace Build.Tasks;

[TaskName("Build")]
[IsDependentOn(typeof(VersionTask))]
[TaskDescription("Builds the multi-arch image for every configured platform")]
public sealed class BuildTask : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context) =>
        throw new NotYetBuiltException("Build", "building the multi-arch image", "issue #3 (Build and Push)");
}
