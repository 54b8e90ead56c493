using Build.Artifacts;
using Build.Preflight;
using Build.Sbom;
using Cake.Common.Diagnostics;

namespace Build.Tasks;

[TaskName("Sbom")]
[IsDependentOn(typeof(SignTask))]
[TaskDescription("Makes an SPDX SBOM of every platform image and one of the index that covers them all, validates each against the official SPDX schema, and attests each to its digest (cosign attest --type spdxjson)")]
public sealed class SbomTask : AsyncFrostingTask<BuildContext>, IDeclaresNeeds
{
    private static readonly string Name = BuildPlan.NameOf<SbomTask>();

    /// <summary>Without syft, the image goes to an OCI layout (skopeo) and is unpacked (umoci) for sbom-tool.</summary>
    public TaskNeeds Needs(BuildContext context) => new()
    {
        Registry = true,
        SigningKeys = true,
        PushedImage = true,
        Tools = context.Tools.Resolve("syft") is null
            ? [ToolRequirement.Skopeo($"{Name} (image to an OCI layout)"), ToolRequirement.Umoci($"{Name} (unpacking the image for sbom-tool)")]
            : [],
    };

    public override async Task RunAsync(BuildContext context)
    {
        var pushed = context.RequirePushed();
        var generator = context.Services.SbomGenerator;
        context.Information("SBOM generator: {0}; attestations: {1}", generator.Generator, context.Services.Signer.Describe());

        var sboms = new ReleaseSboms(generator, context.Services.Signer, context.Options.Layout, context.Log);
        var recorded = context.Services.State.Latest?.AttestedSboms ?? new Dictionary<string, string>();
        var subjects = await sboms.MakeAsync(pushed, recorded);

        var recordedManifests = context.Services.State.Current?.AttestationManifests ?? new Dictionary<string, string>();
        var manifests = await sboms.AttestAsync(pushed.Repository, subjects, recorded, recordedManifests, subject =>
            context.Results.Artifacts.Add(new Artifact(ArtifactKind.Sbom, subject.File.GetFilename().FullPath, subject.File, subject.Digest)));
        context.Services.State.Save(state => (state with { AttestedSboms = ReleaseSboms.Checksums(subjects), AttestationManifests = manifests }).WithCompleted(Name));
    }
}
