using Build.Artifacts;
using Build.Sbom;
using Build.Tools.Cosign;
using Cake.Common.Diagnostics;

namespace Build.Tasks;

[TaskName("Sbom")]
[IsDependentOn(typeof(SignTask))]
[TaskDescription("Makes an SPDX SBOM of every platform image and attests it to that platform's digest (cosign attest --type spdxjson)")]
public sealed class SbomTask : AsyncFrostingTask<BuildContext>
{
    public override async Task RunAsync(BuildContext context)
    {
        var pushed = context.RequirePushed();
        var generator = new ImageSbomGenerator(context);
        context.Information("SBOM generator: {0}; attestations: {1}", generator.Generator, context.Signer.Describe());

        // The platforms' SBOMs are independent: make them side by side.
        var recorded = context.ReleaseState?.AttestedSboms ?? context.RecordedState?.AttestedSboms ?? new Dictionary<string, string>();
        var files = await Task.WhenAll(pushed.PlatformDigests.Keys.Select(platform => Task.Run(() =>
        {
            var existing = ImageSbomGenerator.FileFor(context, platform);
            if (recorded.TryGetValue(pushed.PlatformDigests[platform], out var sha256) && File.Exists(existing.FullPath) && Releasing.Checksums.Sha256(existing.FullPath) == sha256)
            {
                context.Information("Kept the SBOM of {0} an earlier run attested: {1}", platform, existing.FullPath);
                return (Platform: platform, File: existing);
            }

            var watch = System.Diagnostics.Stopwatch.StartNew();
            var file = generator.Generate(pushed, platform);
            context.Information("Made the SBOM of {0} in {1:0.0} s: {2}", platform, watch.Elapsed.TotalSeconds, file.FullPath);
            return (Platform: platform, File: file);
        })));

        var recordedManifests = context.ReleaseState?.AttestationManifests ?? new Dictionary<string, string>();
        var manifests = new Dictionary<string, string>();
        foreach (var (platform, file) in files)
        {
            var digest = pushed.PlatformDigests[platform];
            var reference = pushed.Repository.WithDigest(digest);
            var current = await context.ImageRegistry.ResolveDigestAsync(pushed.Repository.Repository, Signing.CosignTags.AttestationTag(digest));
            var keptSbom = recorded.TryGetValue(digest, out var sha) && sha == Releasing.Checksums.Sha256(file.FullPath);
            if (current is not null && keptSbom && recordedManifests.GetValueOrDefault(digest) == current)
            {
                context.Information("Already attested the SBOM of {0} to {1} (its attestation manifest {2} is the one verified before; nothing pushed)", platform, reference, current);
            }
            else if (await context.Signer.IsAttestedAsync(pushed.Repository, digest, CosignPredicateTypes.SpdxJson, file))
            {
                context.Information("Already attested the SBOM of {0} to {1} (it verifies; nothing pushed)", platform, reference);
            }
            else
            {
                await context.Signer.AttestAsync(pushed.Repository, digest, CosignPredicateTypes.SpdxJson, file);
                await context.Signer.VerifyAttestationAsync(pushed.Repository, digest, CosignPredicateTypes.SpdxJson, file);
                context.Information("Attested the SBOM of {0} to {1} (spdxjson); the attestation verifies", platform, reference);
            }

            context.Artifacts.Add(new Artifact(ArtifactKind.Sbom, file.GetFilename().FullPath, file, digest));
            if (await context.ImageRegistry.ResolveDigestAsync(pushed.Repository.Repository, Signing.CosignTags.AttestationTag(digest)) is { } verified)
            {
                manifests[digest] = verified;
            }
        }

        var attested = files.ToDictionary(item => pushed.PlatformDigests[item.Platform], item => Releasing.Checksums.Sha256(item.File.FullPath));
        context.SaveState(state => (state with { AttestedSboms = attested, AttestationManifests = manifests }).WithCompleted("Sbom"));
    }
}
