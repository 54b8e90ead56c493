using Build.Artifacts;
using Build.Provenance;
using Cake.Common.Diagnostics;

namespace Build.Tasks;

[TaskName("Sign")]
[IsDependentOn(typeof(PushTask))]
[TaskDescription("Signs the pushed index digest (and the platform digests with --sign-platforms) and attests its SLSA provenance (cosign attest --type slsaprovenance1), then verifies both")]
public sealed class SignTask : AsyncFrostingTask<BuildContext>
{
    public override async Task RunAsync(BuildContext context)
    {
        var pushed = context.RequirePushed();
        var signer = context.Signer;
        context.Information("Signing mode: {0}", signer.Describe());

        var digests = new List<string> { pushed.IndexDigest };
        if (signer.Settings.SignPlatforms)
        {
            digests.AddRange(pushed.PlatformDigests.Values);
        }

        var recorded = context.ReleaseState?.SignatureManifests ?? new Dictionary<string, string>();
        var manifests = new Dictionary<string, string>();
        foreach (var digest in digests)
        {
            var reference = pushed.Repository.WithDigest(digest);
            // A signature manifest is content-addressed: the one verified before, unchanged, holds the same signatures.
            var current = await context.ImageRegistry.ResolveDigestAsync(pushed.Repository.Repository, Signing.CosignTags.SignatureTag(digest));
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

            context.SignedDigests.Add(digest);
            if (await context.ImageRegistry.ResolveDigestAsync(pushed.Repository.Repository, Signing.CosignTags.SignatureTag(digest)) is { } verified)
            {
                manifests[digest] = verified;
            }
        }

        var provenance = await ProvenanceAttestation.AttestAsync(context, pushed);
        context.Artifacts.Add(new Artifact(ArtifactKind.Metadata, ProvenanceAttestation.FileName, ProvenanceAttestation.FileFor(context), pushed.IndexDigest));
        context.SaveState(state => (state with { SignedDigests = context.SignedDigests.ToList(), SignatureManifests = manifests, Provenance = provenance }).WithCompleted("Sign"));
        if (signer.Settings.Mode != Configuration.SigningMode.Keyless)
        {
            context.Artifacts.Add(new Artifact(ArtifactKind.PublicKey, "cosign.pub", signer.Settings.PublicKey));
        }
    }
}
