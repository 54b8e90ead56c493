using System.Diagnostics;
using System.Text.Json.Nodes;
using Build.Images;
using Build.Signing;
using Build.State;
using Build.Tools.Cosign;
using Build.Tools.Git;
using Cake.Common.Diagnostics;
using Cake.Core.IO;

namespace Build.Provenance;

/// <summary>
/// Attests the SLSA v1 provenance of the release to its index digest (<c>cosign attest --type slsaprovenance1</c>, or
/// natively in the same DSSE form) and keeps the predicate in artifacts/provenance.slsa.json for the release bundle.
/// A provenance that already verifies for this commit is kept: its run id and time differ from run to run, so a re-run
/// compares what it names, not its bytes.
/// </summary>
public static class ProvenanceAttestation
{
    public const string FileName = "provenance.slsa.json";

    public static async Task<ProvenanceState> AttestAsync(BuildContext context, PushedImage pushed)
    {
        var version = context.RequireVersion();
        var signer = context.Services.Signer;
        var file = context.Options.Layout.Provenance;
        var digest = pushed.IndexDigest;
        var reference = pushed.Repository.WithDigest(digest);
        var expectedBuildType = context.Options.GitHubActions.IsRunning ? ReleaseProvenance.GitHubWorkflowBuildType : ReleaseProvenance.RehearsalBuildType(context.Options.Settings.Labels.Source);
        bool NamesThisBuild(JsonNode predicate) => ProvenanceFacts.Read(predicate) is var facts && facts.GitCommit == version.Commit && facts.BuildType == expectedBuildType;

        var current = await signer.AttestationManifestAsync(pushed.Repository, digest);
        if (current is not null && context.Services.State.Current?.Provenance is { } recorded && recorded.Digest == digest && recorded.Commit == version.Commit
            && recorded.AttestationManifest == current && File.Exists(file.FullPath) && Releasing.Checksums.Sha256(file.FullPath) == recorded.PredicateSha256)
        {
            context.Information("Already attested the provenance of {0} (its attestation manifest {1} is the one verified before; nothing pushed)", reference, current);
            return recorded;
        }

        if (await signer.FindAttestationAsync(pushed.Repository, digest, CosignPredicateTypes.SlsaProvenance1, NamesThisBuild) is { } attested)
        {
            // The bundle carries the attested predicate itself, so that VerifyRelease finds the two equal.
            if (!HoldsJson(file, attested))
            {
                Releasing.FileWriter.WriteIfChanged(file.FullPath, ProvenancePredicate.Serialize(attested));
            }

            context.Information("Already attested the provenance of {0} for commit {1} (it verifies; nothing pushed)", reference, version.ShortCommit);
        }
        else
        {
            var predicate = ReleaseProvenance.Create(Inputs(context, version));
            Directory.CreateDirectory(file.GetDirectory().FullPath);
            File.WriteAllText(file.FullPath, predicate.ToJsonText());
            await signer.AttestAsync(pushed.Repository, digest, CosignPredicateTypes.SlsaProvenance1, file);
            await signer.VerifyAttestationAsync(pushed.Repository, digest, CosignPredicateTypes.SlsaProvenance1, file);
            context.Information("Attested the SLSA provenance of {0} (slsaprovenance1, builder {1}); the attestation verifies", reference, predicate.RunDetails.BuilderId);
        }

        var manifest = await signer.AttestationManifestAsync(pushed.Repository, digest) ?? string.Empty;
        return new ProvenanceState(digest, manifest, Releasing.Checksums.Sha256(file.FullPath), version.Commit);
    }

    private static bool HoldsJson(FilePath file, JsonNode expected)
    {
        try
        {
            return File.Exists(file.FullPath) && JsonNode.DeepEquals(JsonNode.Parse(File.ReadAllText(file.FullPath)), expected);
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    private static ProvenanceInputs Inputs(BuildContext context, Versioning.ReleaseVersion version)
    {
        var dockerfile = context.Options.Settings.Dockerfile.FullPath;
        var baseImages = File.Exists(dockerfile) ? DockerfileBaseImages.Parse(File.ReadAllText(dockerfile)) : [];
        foreach (var unpinned in baseImages.Where(image => !image.IsPinned))
        {
            context.Warning("{0}:{1}: the base image {2} is not pinned by digest, so the provenance cannot name it; write FROM {2}@sha256:...", dockerfile, unpinned.Line, unpinned.Reference);
        }

        using var process = Process.GetCurrentProcess();
        return new ProvenanceInputs(
            context.Options.GitHubActions,
            context.Options.Settings.Labels.Source,
            version.Commit,
            SourceRef(context, version),
            context.Options.Plan.Names.LastOrDefault() ?? BuildPlan.NameOf<Tasks.SignTask>(),
            context.Options.Settings.Platforms,
            baseImages,
            process.StartTime.ToUniversalTime(),
            Guid.NewGuid());
    }

    /// <summary>The ref a rehearsal built: its version tag, else the branch checked out, else (detached) the commit.</summary>
    private static string SourceRef(BuildContext context, Versioning.ReleaseVersion version)
    {
        if (version.GitTag is { } tag)
        {
            return "refs/tags/" + tag;
        }

        var branch = context.GitRunner().Run(context.Options.RepositoryRoot, ["symbolic-ref", "-q", "HEAD"], allowFailure: true);
        return branch.Succeeded && branch.Output.FirstOrDefault(line => line.Length > 0) is { } name ? name : version.Commit;
    }
}
