namespace Build.Tasks;

[TaskName("Sign")]
[IsDependentOn(typeof(PushTask))]
[TaskDescription("Signs the pushed index digest and verifies the signature")]
public sealed class SignTask : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context) =>
        throw new NotYetBuiltException("Sign", "signing by digest", "issue #4 (Sign)");
}
