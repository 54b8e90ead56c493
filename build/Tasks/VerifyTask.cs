using Build.State;
namespace Build.Tasks;

[TaskName("Verify")]
[WritesNoReleaseState]
[IsDependentOn(typeof(VersionTask))]
[IsDependentOn(typeof(LintTask))]
[IsDependentOn(typeof(CheckDeployTask))]
[IsDependentOn(typeof(BuildTask))]
[IsDependentOn(typeof(TestTask))]
[TaskDescription("The contributors' check: version, lint, what is released, a local image build (no push), compile and tests")]
public sealed class VerifyTask : FrostingTask<BuildContext>;
