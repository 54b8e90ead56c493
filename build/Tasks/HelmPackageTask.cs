namespace Build.Tasks;

[TaskName("HelmPackage")]
[IsDependentOn(typeof(ScanTask))]
[TaskDescription("Pins the chart to the pushed digest, packages and signs it")]
public sealed class HelmPackageTask : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context) =>
        throw new NotYetBuiltException("HelmPackage", "packaging the Helm chart", "issue #7 (HelmPackage and Release)");
}
