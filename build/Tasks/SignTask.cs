using Build.Artifacts;
using Build.Preflight;
using Build.Provenance;
using Build.Signing;
using Cake.Common.Diagnostics;

namespace Build.Tasks;

[TaskName("Sign")]
[IsDependentOn(typeof(PushTask))]
[TaskDescription("Signs the pushed index digest (and the platform digests with --sign-platforms) and attests its SLSA provenance (cosign attest --type slsaprovenance1), then verifies both")]
public sealed class SignTask : AsyncFrostingTask<BuildContext>, IDeclaresNeeds
{
    public TaskNeeds Needs(BuildContext context) => new() { Registry = true, SigningKeys = true, PushedImage = true };

    public override async Task RunAsync(BuildContext context)
    {
        var pushed = context.RequirePushed();
        var signer = context.Services.Signer;
        context.Information("Signing mode: {0}", signer.Describe());

        var recorded = context.Services.State.Current?.SignatureManifests ?? new Dictionary<string, string>();
        var signed = await new ImageSignatures(signer, context.Log).SignAsync(pushed.Repository, ImageSignatures.DigestsOf(pushed, signer.Settings), recorded);
        context.Results.SignedDigests.Set(signed.Digests);

        var provenance = await ProvenanceAttestation.AttestAsync(context, pushed);
        context.Results.Artifacts.Add(new Artifact(ArtifactKind.Metadata, ProvenanceAttestation.FileName, context.Options.Layout.Provenance, pushed.IndexDigest));
        context.Services.State.Save(state => (state with { SignedDigests = signed.Digests, SignatureManifests = signed.Manifests, Provenance = provenance }).WithCompleted(BuildPlan.NameOf<SignTask>()));
        if (signer.Settings.Mode != Configuration.SigningMode.Keyless)
        {
            context.Results.Artifacts.Add(new Artifact(ArtifactKind.PublicKey, "cosign.pub", signer.Settings.PublicKey));
        }
    }
}
