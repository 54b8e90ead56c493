using Build.State;
namespace Build.Tasks;

[TaskName("Default")]
[WritesNoReleaseState]
[IsDependentOn(typeof(VerifyTask))]
[TaskDescription("Same as Verify")]
public sealed class DefaultTask : FrostingTask<BuildContext>;
