using System.Text.Json.Nodes;
using Build.Configuration;
using Build.Signing;
using Build.Tools.Cosign;
using Cake.Core.IO;

namespace Build.Tests.Support;

/// <summary>
/// A stand-in signer backend: records every call (by digest), keeps what it "signed" and "attested" in memory, and
/// answers what the test gives. No key, no cosign, no registry.
/// </summary>
public sealed class FakeSigner(string directory, SigningMode mode = SigningMode.Rehearsal, bool signPlatforms = false) : IReleaseSigner
{
    private int _manifests;

    public SigningSettings Settings { get; } = new(
        mode,
        new FilePath(System.IO.Path.Combine(directory, "artifacts", "keys", "cosign.key")),
        new FilePath(System.IO.Path.Combine(directory, "artifacts", "keys", "cosign.pub")),
        mode == SigningMode.Keyless ? "https://github.com/acme/rds-csi/.github/workflows/release.yml@refs/tags/v1.2.3" : null,
        signPlatforms,
        CosignSignatureFormat.Legacy);

    /// <summary>Every call, as "verb reference" ("sign repo@sha256:...", "attest spdxjson repo@sha256:... index.spdx.json").</summary>
    public List<string> Calls { get; } = [];

    /// <summary>Digests whose signature verifies.</summary>
    public HashSet<string> Signed { get; } = [];

    /// <summary>(digest, predicate type) pairs whose attestation verifies.</summary>
    public HashSet<(string Digest, string PredicateType)> Attested { get; } = [];

    /// <summary>The digest of the manifest holding each digest's signatures (a new one each time it signs).</summary>
    public Dictionary<string, string> SignatureManifests { get; } = [];

    public Dictionary<string, string> AttestationManifests { get; } = [];

    public string Describe() => $"{Settings.Describe()}, fake";

    public bool UsesTransparencyLog => false;

    public void PrepareKeys() => Calls.Add("prepare keys");

    public void WaitForKeyFile()
    {
    }

    public Task<bool> IsImageSignedAsync(ImageName repository, string digest)
    {
        Calls.Add("is signed " + repository.WithDigest(digest));
        return Task.FromResult(Signed.Contains(digest));
    }

    public Task SignImageAsync(ImageName repository, string digest)
    {
        Calls.Add("sign " + repository.WithDigest(digest));
        Signed.Add(digest);
        SignatureManifests[digest] = NewManifest();
        return Task.CompletedTask;
    }

    public Task VerifyImageAsync(ImageName repository, string digest)
    {
        Calls.Add("verify " + repository.WithDigest(digest));
        return Signed.Contains(digest) ? Task.CompletedTask : throw new InvalidOperationException($"No signature of {repository.WithDigest(digest)} verifies.");
    }

    public Task<bool> IsAttestedAsync(ImageName repository, string digest, string predicateType, FilePath predicate)
    {
        Calls.Add($"is attested {predicateType} {repository.WithDigest(digest)}");
        return Task.FromResult(Attested.Contains((digest, predicateType)));
    }

    public Task<JsonNode?> FindAttestationAsync(ImageName repository, string digest, string predicateType, Func<JsonNode, bool> condition)
    {
        Calls.Add($"find attestation {predicateType} {repository.WithDigest(digest)}");
        return Task.FromResult<JsonNode?>(null);
    }

    public Task AttestAsync(ImageName repository, string digest, string predicateType, FilePath predicate)
    {
        Calls.Add($"attest {predicateType} {repository.WithDigest(digest)} {predicate.GetFilename()}");
        Attested.Add((digest, predicateType));
        AttestationManifests[digest] = NewManifest();
        return Task.CompletedTask;
    }

    public Task VerifyAttestationAsync(ImageName repository, string digest, string predicateType, FilePath predicate)
    {
        Calls.Add($"verify attestation {predicateType} {repository.WithDigest(digest)}");
        return Attested.Contains((digest, predicateType)) ? Task.CompletedTask : throw new InvalidOperationException($"No {predicateType} attestation of {digest} verifies.");
    }

    public Task<string?> SignatureManifestAsync(ImageName repository, string digest) => Task.FromResult(SignatureManifests.GetValueOrDefault(digest));

    public Task<string?> AttestationManifestAsync(ImageName repository, string digest) => Task.FromResult(AttestationManifests.GetValueOrDefault(digest));

    public FilePath SignBlob(FilePath file)
    {
        Calls.Add("sign blob " + file.GetFilename());
        File.WriteAllText(BlobSignatureOf(file).FullPath, "fake");
        return BlobSignatureOf(file);
    }

    public bool BlobVerifies(FilePath file) => File.Exists(BlobSignatureOf(file).FullPath);

    public void VerifyBlob(FilePath file)
    {
        if (!BlobVerifies(file))
        {
            throw new InvalidOperationException($"{file.GetFilename()} is not signed.");
        }
    }

    public FilePath BlobSignatureOf(FilePath file) => new(file.FullPath + ".fake-sig");

    private string NewManifest() => "sha256:" + (++_manifests).ToString("x64", System.Globalization.CultureInfo.InvariantCulture);
}
