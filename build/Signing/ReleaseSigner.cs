using System.Text.Json.Nodes;
using Build.Configuration;
using Cake.Core.IO;

namespace Build.Signing;

/// <summary>
/// What both signer backends share: the run's <see cref="SigningSettings"/>, its key material (<see cref="SigningKeys"/>)
/// and the registry tags where cosign keeps signatures and attestations. The backends say how they sign and verify.
/// </summary>
public abstract class ReleaseSigner(BuildContext context, SigningSettings settings) : IReleaseSigner
{
    public SigningSettings Settings { get; } = settings;

    protected BuildContext Context { get; } = context;

    protected SigningKeys Keys { get; } = new(context, settings);

    /// <summary>How this backend signs, for <see cref="Describe"/>.</summary>
    protected abstract string Backend { get; }

    public string Describe() => $"{Settings.Describe()}, {Backend}";

    public abstract bool UsesTransparencyLog { get; }

    public virtual void PrepareKeys() => Keys.Prepare();

    public void WaitForKeyFile() => Keys.WaitForKeyFile();

    public abstract Task<bool> IsImageSignedAsync(ImageName repository, string digest);

    public abstract Task SignImageAsync(ImageName repository, string digest);

    public abstract Task VerifyImageAsync(ImageName repository, string digest);

    public abstract Task<bool> IsAttestedAsync(ImageName repository, string digest, string predicateType, FilePath predicate);

    public abstract Task<JsonNode?> FindAttestationAsync(ImageName repository, string digest, string predicateType, Func<JsonNode, bool> condition);

    public abstract Task AttestAsync(ImageName repository, string digest, string predicateType, FilePath predicate);

    public abstract Task VerifyAttestationAsync(ImageName repository, string digest, string predicateType, FilePath predicate);

    public Task<string?> SignatureManifestAsync(ImageName repository, string digest) =>
        Context.Services.ImageRegistry.ResolveDigestAsync(repository.Repository, CosignTags.SignatureTag(digest));

    public Task<string?> AttestationManifestAsync(ImageName repository, string digest) =>
        Context.Services.ImageRegistry.ResolveDigestAsync(repository.Repository, CosignTags.AttestationTag(digest));

    public abstract FilePath SignBlob(FilePath file);

    public bool BlobVerifies(FilePath file)
    {
        try
        {
            VerifyBlob(file);
            return true;
        }
        catch (Exception exception) when (exception is InvalidOperationException or Tools.ToolFailedException)
        {
            return false;
        }
    }

    public abstract void VerifyBlob(FilePath file);

    public abstract FilePath BlobSignatureOf(FilePath file);

    /// <summary>The registry client, for the backends that read or write cosign's tags themselves.</summary>
    protected Registry.OciRegistryClient ImageRegistry => Context.Services.ImageRegistry;

}
