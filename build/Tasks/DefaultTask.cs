namespace Build.Tasks;

[TaskName("Default")]
[IsDependentOn(typeof(VerifyTask))]
[TaskDescription("Same as Verify")]
public sealed class DefaultTask : FrostingTask<BuildContext>;
