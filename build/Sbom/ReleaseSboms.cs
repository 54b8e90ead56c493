using System.Collections.Concurrent;
using System.Diagnostics;
using Build.Artifacts;
using Build.Configuration;
using Build.Images;
using Build.Signing;
using Build.Tools.Cosign;
using Cake.Core.Diagnostics;
using Cake.Core.IO;

namespace Build.Sbom;

/// <summary>One SBOM to attest: what it describes ("linux/amd64", "the index"), the digest it is attested to, its file.</summary>
public sealed record SbomSubject(string What, string Digest, FilePath File);

/// <summary>
/// The release's SBOMs: one per platform image, made side by side (an SBOM an earlier run attested, unchanged, is kept),
/// one of the index over them, each attested to its digest (spdxjson) unless that attestation holds already.
/// </summary>
public sealed class ReleaseSboms(IImageSbomGenerator generator, IReleaseSigner signer, ArtifactLayout layout, ICakeLog log)
{
    /// <summary>How often a platform whose SBOM is still being made says so (the step takes seconds per platform).</summary>
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Makes (or keeps) each platform's SBOM and the index's; <paramref name="recorded"/> is the SHA-256 of each SBOM an
    /// earlier run attested, by digest. Returns the subjects to attest, the platforms' first and the index last.
    /// </summary>
    public async Task<IReadOnlyList<SbomSubject>> MakeAsync(PushedImage pushed, IReadOnlyDictionary<string, string> recorded)
    {
        // The platforms' SBOMs are independent: make them side by side, each saying what it is doing.
        var watch = Stopwatch.StartNew();
        var stages = new ConcurrentDictionary<Platform, string>();
        void Progress(Platform platform, string stage)
        {
            stages[platform] = stage;
            log.Information("SBOM of {0}: {1} ({2:0.0} s)", platform, stage, watch.Elapsed.TotalSeconds);
        }

        using var heartbeat = new Timer(
            _ =>
            {
                foreach (var (platform, stage) in stages)
                {
                    log.Information("SBOM of {0}: still {1} ({2:0} s)", platform, stage, watch.Elapsed.TotalSeconds);
                }
            },
            null,
            Heartbeat,
            Heartbeat);
        var files = await Task.WhenAll(pushed.PlatformDigests.Keys.Select(platform => Task.Run(() =>
        {
            var existing = layout.PlatformSbom(platform);
            if (recorded.TryGetValue(pushed.PlatformDigests[platform], out var sha256) && File.Exists(existing.FullPath) && Releasing.Checksums.Sha256(existing.FullPath) == sha256)
            {
                log.Information("Kept the SBOM of {0} an earlier run attested: {1}", platform, existing.FullPath);
                return (Platform: platform, File: existing);
            }

            var started = watch.Elapsed;
            var file = generator.Generate(pushed, platform, stage => Progress(platform, stage));
            stages.TryRemove(platform, out _);
            log.Information("Made the SBOM of {0} in {1:0.0} s: {2}", platform, (watch.Elapsed - started).TotalSeconds, file.FullPath);
            return (Platform: platform, File: file);
        })));
        await heartbeat.DisposeAsync();

        var index = generator.GenerateIndex(pushed, files.ToDictionary(item => item.Platform, item => item.File));
        log.Information("Made the SBOM of the index, covering {0}: {1}", string.Join(", ", files.Select(item => item.Platform)), index.FullPath);
        return files.Select(item => new SbomSubject(item.Platform.ToString(), pushed.PlatformDigests[item.Platform], item.File))
            .Append(new SbomSubject("the index", pushed.IndexDigest, index))
            .ToList();
    }

    /// <summary>
    /// Attests each SBOM to its digest, unless the attestation manifest is the one verified before (<paramref name="recordedManifests"/>)
    /// over the same SBOM, or an attestation of it verifies. Returns the attestation manifest that now holds each digest's.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> AttestAsync(
        ImageName repository, IReadOnlyList<SbomSubject> subjects, IReadOnlyDictionary<string, string> recorded, IReadOnlyDictionary<string, string> recordedManifests, Action<SbomSubject> attested)
    {
        var manifests = new Dictionary<string, string>();
        foreach (var subject in subjects)
        {
            var (what, digest, file) = subject;
            var reference = repository.WithDigest(digest);
            var current = await signer.AttestationManifestAsync(repository, digest);
            var keptSbom = recorded.TryGetValue(digest, out var sha) && sha == Releasing.Checksums.Sha256(file.FullPath);
            if (current is not null && keptSbom && recordedManifests.GetValueOrDefault(digest) == current)
            {
                log.Information("Already attested the SBOM of {0} to {1} (its attestation manifest {2} is the one verified before; nothing pushed)", what, reference, current);
            }
            else if (await signer.IsAttestedAsync(repository, digest, CosignPredicateTypes.SpdxJson, file))
            {
                log.Information("Already attested the SBOM of {0} to {1} (it verifies; nothing pushed)", what, reference);
            }
            else
            {
                await signer.AttestAsync(repository, digest, CosignPredicateTypes.SpdxJson, file);
                await signer.VerifyAttestationAsync(repository, digest, CosignPredicateTypes.SpdxJson, file);
                log.Information("Attested the SBOM of {0} to {1} (spdxjson); the attestation verifies", what, reference);
            }

            attested(subject);
            if (await signer.AttestationManifestAsync(repository, digest) is { } verified)
            {
                manifests[digest] = verified;
            }
        }

        return manifests;
    }

    /// <summary>The SHA-256 of each attested SBOM, by digest, for the release state.</summary>
    public static IReadOnlyDictionary<string, string> Checksums(IReadOnlyList<SbomSubject> subjects) =>
        subjects.ToDictionary(subject => subject.Digest, subject => Releasing.Checksums.Sha256(subject.File.FullPath));
}
