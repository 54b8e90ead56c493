using System.Text.Json.Nodes;
using Build.Configuration;
using Cake.Core.IO;

namespace Build.Signing;

/// <summary>
/// How the release signs and verifies (GoReleaser's small backend interfaces): the cosign CLI or the native signer in
/// cosign's formats, chosen once by the composition root (<see cref="BuildServices.Signer"/>). No caller asks which.
/// Verification never trusts the signing side: it reads the registry (or cosign reads it) afresh.
/// </summary>
public interface IReleaseSigner
{
    /// <summary>The signing decisions of the run: mode, keys, identity, --sign-platforms.</summary>
    SigningSettings Settings { get; }

    /// <summary>For the log: the mode and the backend ("rehearsal key ..., native cosign format").</summary>
    string Describe();

    /// <summary>Whether signatures go to the public transparency log (never for a rehearsal, never natively).</summary>
    bool UsesTransparencyLog { get; }

    /// <summary>Makes the key material ready before anything is pushed; a wrong or missing key or password fails here.</summary>
    void PrepareKeys();

    /// <summary>Waits until the rehearsal key made in this run is written to cosign.key (at the latest when the run ends).</summary>
    void WaitForKeyFile();

    /// <summary>True when the image already carries a signature that verifies for this run's identity.</summary>
    Task<bool> IsImageSignedAsync(ImageName repository, string digest);

    Task SignImageAsync(ImageName repository, string digest);

    /// <summary>Verifies the image's signature for this run's identity; throws when none verifies.</summary>
    Task VerifyImageAsync(ImageName repository, string digest);

    /// <summary>True when the image carries an attestation of <paramref name="predicateType"/> that verifies; natively also that it attests <paramref name="predicate"/>.</summary>
    Task<bool> IsAttestedAsync(ImageName repository, string digest, string predicateType, FilePath predicate);

    /// <summary>
    /// The predicate of an attestation of <paramref name="predicateType"/> that verifies for this run's identity and that
    /// <paramref name="condition"/> accepts, or null. For predicates that differ run by run (a provenance's run id and
    /// time), where <see cref="IsAttestedAsync"/>'s byte-for-byte comparison would never match.
    /// </summary>
    Task<JsonNode?> FindAttestationAsync(ImageName repository, string digest, string predicateType, Func<JsonNode, bool> condition);

    /// <summary>Attests <paramref name="predicate"/> (e.g. an SPDX SBOM) to the image by digest, as <c>cosign attest --type</c> does.</summary>
    Task AttestAsync(ImageName repository, string digest, string predicateType, FilePath predicate);

    /// <summary>Verifies an attestation of <paramref name="predicateType"/> for this run's identity; natively also that it attests <paramref name="predicate"/>.</summary>
    Task VerifyAttestationAsync(ImageName repository, string digest, string predicateType, FilePath predicate);

    /// <summary>The digest of the manifest that holds the signatures of <paramref name="digest"/> (content-addressed), or null.</summary>
    Task<string?> SignatureManifestAsync(ImageName repository, string digest);

    /// <summary>The digest of the manifest that holds the attestations of <paramref name="digest"/> (content-addressed), or null.</summary>
    Task<string?> AttestationManifestAsync(ImageName repository, string digest);

    /// <summary>Signs a file; returns the signature file (<see cref="BlobSignatureOf"/>).</summary>
    FilePath SignBlob(FilePath file);

    /// <summary>Whether a file's signature (<see cref="SignBlob"/>'s) verifies: false when it does not, or cannot be checked.</summary>
    bool BlobVerifies(FilePath file);

    /// <summary>Verifies a file against the signature <see cref="SignBlob"/> wrote; throws when it does not verify.</summary>
    void VerifyBlob(FilePath file);

    /// <summary>The signature file <see cref="SignBlob"/> writes for <paramref name="file"/> with this backend.</summary>
    FilePath BlobSignatureOf(FilePath file);
}
