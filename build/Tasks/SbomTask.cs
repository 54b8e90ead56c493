using System.Diagnostics;
using Build.Artifacts;
using Build.Configuration;
using Build.Images;
using Build.Preflight;
using Build.Sbom;
using Build.Tools.Cosign;
using Cake.Common.Diagnostics;
using Cake.Core.IO;

namespace Build.Tasks;

[TaskName("Sbom")]
[IsDependentOn(typeof(SignTask))]
[TaskDescription("Makes an SPDX SBOM of every platform image and one of the index that covers them all, validates each against the official SPDX schema, and attests each to its digest (cosign attest --type spdxjson)")]
public sealed class SbomTask : AsyncFrostingTask<BuildContext>, IDeclaresNeeds
{
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

    private static readonly string Name = BuildPlan.NameOf<SbomTask>();

    /// <summary>How often a platform whose SBOM is still being made says so (the step takes seconds per platform).</summary>
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(3);

    public override async Task RunAsync(BuildContext context)
    {
        var pushed = context.RequirePushed();
        var generator = new ImageSbomGenerator(context);
        context.Information("SBOM generator: {0}; attestations: {1}", generator.Generator, context.Services.Signer.Describe());

        // The platforms' SBOMs are independent: make them side by side, each saying what it is doing.
        var recorded = context.Services.State.Latest?.AttestedSboms ?? new Dictionary<string, string>();
        var watch = Stopwatch.StartNew();
        var stages = new System.Collections.Concurrent.ConcurrentDictionary<Platform, string>();
        void Progress(Platform platform, string stage)
        {
            stages[platform] = stage;
            context.Information("SBOM of {0}: {1} ({2:0.0} s)", platform, stage, watch.Elapsed.TotalSeconds);
        }

        using var heartbeat = new Timer(
            _ =>
            {
                foreach (var (platform, stage) in stages)
                {
                    context.Information("SBOM of {0}: still {1} ({2:0} s)", platform, stage, watch.Elapsed.TotalSeconds);
                }
            },
            null,
            Heartbeat,
            Heartbeat);
        var files = await Task.WhenAll(pushed.PlatformDigests.Keys.Select(platform => Task.Run(() =>
        {
            var existing = context.Options.Layout.PlatformSbom(platform);
            if (recorded.TryGetValue(pushed.PlatformDigests[platform], out var sha256) && File.Exists(existing.FullPath) && Releasing.Checksums.Sha256(existing.FullPath) == sha256)
            {
                context.Information("Kept the SBOM of {0} an earlier run attested: {1}", platform, existing.FullPath);
                return (Platform: platform, File: existing);
            }

            var started = watch.Elapsed;
            var file = generator.Generate(pushed, platform, stage => Progress(platform, stage));
            stages.TryRemove(platform, out _);
            context.Information("Made the SBOM of {0} in {1:0.0} s: {2}", platform, (watch.Elapsed - started).TotalSeconds, file.FullPath);
            return (Platform: platform, File: file);
        })));
        await heartbeat.DisposeAsync();

        var index = generator.GenerateIndex(pushed, files.ToDictionary(item => item.Platform, item => item.File));
        context.Information("Made the SBOM of the index, covering {0}: {1}", string.Join(", ", files.Select(item => item.Platform)), index.FullPath);

        var recordedManifests = context.Services.State.Current?.AttestationManifests ?? new Dictionary<string, string>();
        var manifests = new Dictionary<string, string>();
        var subjects = files.Select(item => (What: item.Platform.ToString(), Digest: pushed.PlatformDigests[item.Platform], item.File))
            .Append((What: "the index", Digest: pushed.IndexDigest, File: index))
            .ToList();
        foreach (var (what, digest, file) in subjects)
        {
            var reference = pushed.Repository.WithDigest(digest);
            var current = await context.Services.ImageRegistry.ResolveDigestAsync(pushed.Repository.Repository, Signing.CosignTags.AttestationTag(digest));
            var keptSbom = recorded.TryGetValue(digest, out var sha) && sha == Releasing.Checksums.Sha256(file.FullPath);
            if (current is not null && keptSbom && recordedManifests.GetValueOrDefault(digest) == current)
            {
                context.Information("Already attested the SBOM of {0} to {1} (its attestation manifest {2} is the one verified before; nothing pushed)", what, reference, current);
            }
            else if (await context.Services.Signer.IsAttestedAsync(pushed.Repository, digest, CosignPredicateTypes.SpdxJson, file))
            {
                context.Information("Already attested the SBOM of {0} to {1} (it verifies; nothing pushed)", what, reference);
            }
            else
            {
                await context.Services.Signer.AttestAsync(pushed.Repository, digest, CosignPredicateTypes.SpdxJson, file);
                await context.Services.Signer.VerifyAttestationAsync(pushed.Repository, digest, CosignPredicateTypes.SpdxJson, file);
                context.Information("Attested the SBOM of {0} to {1} (spdxjson); the attestation verifies", what, reference);
            }

            context.Results.Artifacts.Add(new Artifact(ArtifactKind.Sbom, file.GetFilename().FullPath, file, digest));
            if (await context.Services.ImageRegistry.ResolveDigestAsync(pushed.Repository.Repository, Signing.CosignTags.AttestationTag(digest)) is { } verified)
            {
                manifests[digest] = verified;
            }
        }

        var attested = subjects.ToDictionary(item => item.Digest, item => Releasing.Checksums.Sha256(item.File.FullPath));
        context.Services.State.Save(state => (state with { AttestedSboms = attested, AttestationManifests = manifests }).WithCompleted(Name));
    }
}
