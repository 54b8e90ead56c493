using Build.Artifacts;
using Build.Preflight;
using Build.Provenance;
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

        var digests = new List<string> { pushed.IndexDigest };
        if (signer.Settings.SignPlatforms)
        {
            digests.AddRange(pushed.PlatformDigests.Values);
        }

        var recorded = context.Services.State.Current?.SignatureManifests ?? new Dictionary<string, string>();
        var manifests = new Dictionary<string, string>();
        var signed = new List<string>();
        foreach (var digest in digests)
        {
            var reference = pushed.Repository.WithDigest(digest);
            // A signature manifest is content-addressed: the one verified before, unchanged, holds the same signatures.
            var current = await context.Services.ImageRegistry.ResolveDigestAsync(pushed.Repository.Repository, Signing.CosignTags.SignatureTag(digest));
            if (current is not null && recorded.GetValueOrDefault(digest) == current)
            {
                context.Information("Already signed {0} (its signature manifest {1} is the one verified before; nothing pushed)", reference, current);
            }
            else if (await signer.IsImageSignedAsync(pushed.Repository, digest))
            {
                context.Information("Already signed {0} (the signature verifies; nothing pushed)", reference);
            }
            else
            {
                await signer.SignImageAsync(pushed.Repository, digest);
                await signer.VerifyImageAsync(pushed.Repository, digest);
                context.Information("Signed {0} ({1}); the signature verifies", reference, signer.Settings.Describe());
            }

            signed.Add(digest);
            if (await context.Services.ImageRegistry.ResolveDigestAsync(pushed.Repository.Repository, Signing.CosignTags.SignatureTag(digest)) is { } verified)
            {
                manifests[digest] = verified;
            }
        }

        context.Results.SignedDigests.Set(signed);
        var provenance = await ProvenanceAttestation.AttestAsync(context, pushed);
        context.Results.Artifacts.Add(new Artifact(ArtifactKind.Metadata, ProvenanceAttestation.FileName, context.Options.Layout.Provenance, pushed.IndexDigest));
        context.Services.State.Save(state => (state with { SignedDigests = signed, SignatureManifests = manifests, Provenance = provenance }).WithCompleted(BuildPlan.NameOf<SignTask>()));
        if (signer.Settings.Mode != Configuration.SigningMode.Keyless)
        {
            context.Results.Artifacts.Add(new Artifact(ArtifactKind.PublicKey, "cosign.pub", signer.Settings.PublicKey));
        }
    }
}
