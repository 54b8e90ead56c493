namespace Build.Tasks;

[TaskName("Push")]
[IsDependentOn(typeof(BuildTask))]
[TaskDescription("Pushes the image index once and every tag to it; records the digests")]
public sealed class PushTask : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context) =>
        throw new NotYetBuiltException("Push", "pushing the image and its tags", "issue #3 (Build and Push)");
}
