namespace Build.Tasks;

[TaskName("Scan")]
[IsDependentOn(typeof(SbomTask))]
[TaskDescription("Scans the image for vulnerabilities and gates on the failing severities")]
public sealed class ScanTask : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context) =>
        throw new NotYetBuiltException("Scan", "the vulnerability scan", "issue #5 (Sbom and Scan)");
}
