namespace Build.Tasks;

[TaskName("Sbom")]
[IsDependentOn(typeof(SignTask))]
[TaskDescription("Makes an SPDX SBOM per platform and attests it to the platform digest")]
public sealed class SbomTask : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context) =>
        throw new NotYetBuiltException("Sbom", "SBOM attestations", "issue #5 (Sbom and Scan)");
}
