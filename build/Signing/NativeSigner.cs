using System.Text.Json.Nodes;
using Build.Configuration;
using Build.Tools.Cosign;
using Cake.Core.IO;

namespace Build.Signing;

/// <summary>
/// Signs without cosign, natively in cosign's exact formats (simple signing, DSSE in-toto attestations under cosign's
/// tags, detached blob signatures that <c>cosign verify-blob</c> accepts): the key and rehearsal modes where cosign is
/// not installed. Keyless needs cosign.
/// </summary>
public sealed class NativeSigner(BuildContext context, SigningSettings settings) : ReleaseSigner(context, settings)
{
    protected override string Backend => "native cosign format";

    /// <summary>Native signatures stay off the transparency log.</summary>
    public override bool UsesTransparencyLog => false;

    public override void PrepareKeys()
    {
        if (Settings.Mode == SigningMode.Keyless)
        {
            throw new BuildConfigurationException($"Keyless signing needs cosign, which is not installed: {CosignRunner.InstallHint}");
        }

        base.PrepareKeys();
    }

    public override async Task<bool> IsImageSignedAsync(ImageName repository, string digest) =>
        (await Store(repository).VerifiedSignaturesAsync(digest, repository.FullName, Keys.PublicKey)).Count > 0;

    public override async Task SignImageAsync(ImageName repository, string digest)
    {
        var payload = SimpleSigning.Payload(repository.FullName, digest);
        var layer = CosignLayer.Signature(payload, CosignSignature.Sign(Keys.PrivateKey, payload));
        await Store(repository).AppendAsync(CosignTags.SignatureTag(digest), layer);
    }

    public override async Task VerifyImageAsync(ImageName repository, string digest)
    {
        if (!await IsImageSignedAsync(repository, digest))
        {
            throw new InvalidOperationException($"No signature of {repository.WithDigest(digest)} verifies with {Settings.PublicKey.FullPath}: the signature was not stored, or was made with another key.");
        }
    }

    public override async Task<bool> IsAttestedAsync(ImageName repository, string digest, string predicateType, FilePath predicate)
    {
        var expected = JsonNode.Parse(File.ReadAllText(predicate.FullPath));
        var attested = await Store(repository).VerifiedAttestationsAsync(digest, PredicateTypes.Uri(predicateType), Keys.PublicKey);
        return attested.Any(node => JsonNode.DeepEquals(node, expected));
    }

    public override async Task<JsonNode?> FindAttestationAsync(ImageName repository, string digest, string predicateType, Func<JsonNode, bool> condition) =>
        (await Store(repository).VerifiedAttestationsAsync(digest, PredicateTypes.Uri(predicateType), Keys.PublicKey)).FirstOrDefault(condition);

    public override async Task AttestAsync(ImageName repository, string digest, string predicateType, FilePath predicate)
    {
        var uri = PredicateTypes.Uri(predicateType);
        var statement = InTotoStatement.Create(
            uri,
            [(repository.FullName, digest[Registry.OciDigest.Sha256Prefix.Length..])],
            JsonNode.Parse(File.ReadAllText(predicate.FullPath))!);
        var envelope = Dsse.Sign(Keys.PrivateKey, InTotoStatement.PayloadType, statement);
        await Store(repository).AppendAsync(CosignTags.AttestationTag(digest), CosignLayer.Attestation(envelope, uri));
    }

    public override async Task VerifyAttestationAsync(ImageName repository, string digest, string predicateType, FilePath predicate)
    {
        if (!await IsAttestedAsync(repository, digest, predicateType, predicate))
        {
            throw new InvalidOperationException($"No {predicateType} attestation of {repository.WithDigest(digest)} verifies with {Settings.PublicKey.FullPath} and carries {predicate.GetFilename()}.");
        }
    }

    /// <summary>A detached base64 signature FILE.sig that <c>cosign verify-blob --key cosign.pub --signature FILE.sig FILE</c> accepts.</summary>
    public override FilePath SignBlob(FilePath file)
    {
        var signature = BlobSignatureOf(file);
        File.WriteAllText(signature.FullPath, CosignSignature.SignBlob(Keys.PrivateKey, file.FullPath));
        return signature;
    }

    public override void VerifyBlob(FilePath file)
    {
        var signature = BlobSignatureOf(file);
        if (!File.Exists(signature.FullPath) || !CosignSignature.VerifyBlob(Keys.PublicKey, file.FullPath, File.ReadAllText(signature.FullPath).Trim()))
        {
            throw new InvalidOperationException($"The signature {signature.GetFilename()} of {file.GetFilename()} does not verify with {Settings.PublicKey.FullPath}.");
        }
    }

    public override FilePath BlobSignatureOf(FilePath file) => new(file.FullPath + ".sig");

    private CosignRegistryStore Store(ImageName repository) => new(ImageRegistry, repository.Repository);
}
