using System.Text;
using System.Text.Json.Nodes;
using Build.Configuration;
using Build.Tools.Cosign;
using Cake.Core.IO;

namespace Build.Signing;

/// <summary>
/// Signs and verifies with the cosign CLI where it is installed: keyless (Sigstore, publish mode in Actions) or with a
/// key (a given COSIGN_KEY or --signing-key, or the rehearsal's pair), the key never on cosign's command line.
/// </summary>
public sealed class CosignCliSigner(BuildContext context, SigningSettings settings) : ReleaseSigner(context, settings)
{
    protected override string Backend => "cosign";

    /// <summary>Rehearsal signatures stay off the public transparency log (no network, throwaway key).</summary>
    public override bool UsesTransparencyLog => Settings.Mode != SigningMode.Rehearsal;

    private bool Keyless => Settings.Mode == SigningMode.Keyless;

    /// <summary>Who must have signed, for cosign's verify commands.</summary>
    private CosignIdentity Identity => Keyless
        ? CosignIdentity.Keyless(Settings.CertificateIdentity!, SigningSettings.GitHubIssuer)
        : CosignIdentity.PublicKey(Settings.PublicKey.FullPath);

    public override Task<bool> IsImageSignedAsync(ImageName repository, string digest)
    {
        try
        {
            return Task.FromResult(Context.CosignVerify(repository.WithDigest(digest), VerifySettings(repository)).Count > 0);
        }
        catch (Tools.ToolFailedException)
        {
            return Task.FromResult(false);
        }
    }

    public override Task SignImageAsync(ImageName repository, string digest)
    {
        Context.CosignSign(repository.WithDigest(digest), WithKey(new CosignSignSettings { Format = Settings.Format, AllowHttpRegistry = repository.IsLoopback }));
        return Task.CompletedTask;
    }

    public override Task VerifyImageAsync(ImageName repository, string digest)
    {
        Context.CosignVerify(repository.WithDigest(digest), VerifySettings(repository));
        return Task.CompletedTask;
    }

    public override Task<bool> IsAttestedAsync(ImageName repository, string digest, string predicateType, FilePath predicate)
    {
        try
        {
            return Task.FromResult(Context.CosignVerifyAttestation(repository.WithDigest(digest), VerifyAttestationSettings(repository, predicateType)).Count > 0);
        }
        catch (Tools.ToolFailedException)
        {
            return Task.FromResult(false);
        }
    }

    /// <summary>
    /// cosign verifies, and the condition is tested on the statements under the legacy .att tag (the cosign wrapper
    /// returns only each verified attestation's predicate type and subjects, not its predicate).
    /// </summary>
    public override async Task<JsonNode?> FindAttestationAsync(ImageName repository, string digest, string predicateType, Func<JsonNode, bool> condition)
    {
        var uri = PredicateTypes.Uri(predicateType);
        try
        {
            if (Context.CosignVerifyAttestation(repository.WithDigest(digest), VerifyAttestationSettings(repository, predicateType)).All(attestation => attestation.PredicateType != uri))
            {
                return null;
            }
        }
        catch (Tools.ToolFailedException)
        {
            return null;
        }

        return (await StoredPredicatesAsync(repository, digest, uri)).FirstOrDefault(condition);
    }

    public override Task AttestAsync(ImageName repository, string digest, string predicateType, FilePath predicate)
    {
        Context.CosignAttest(repository.WithDigest(digest), WithKey(new CosignAttestSettings
        {
            Predicate = predicate,
            PredicateType = predicateType,
            Format = Settings.Format,
            AllowHttpRegistry = repository.IsLoopback,
        }));
        return Task.CompletedTask;
    }

    public override Task VerifyAttestationAsync(ImageName repository, string digest, string predicateType, FilePath predicate)
    {
        Context.CosignVerifyAttestation(repository.WithDigest(digest), VerifyAttestationSettings(repository, predicateType));
        return Task.CompletedTask;
    }

    /// <summary>A Sigstore bundle FILE.sigstore.json (keyless or key).</summary>
    public override FilePath SignBlob(FilePath file) => Context.CosignSignBlob(file, WithKey(new CosignSignBlobSettings { Bundle = BlobSignatureOf(file) }));

    /// <summary>The one place sign, attest and sign-blob get this run's key (none when keyless; a KMS/HSM URI unchanged), its password and the Rekor choice.</summary>
    private T WithKey<T>(T settings)
        where T : ICosignSigningSettings
    {
        settings.Key = Keyless ? null : Keys.CosignKey;
        // A KMS or HSM key has no password here: its credentials come from the provider's own environment.
        settings.KeyPassword = Keyless || Settings.KeyUri is not null ? null : Keys.Password;
        settings.TransparencyLog = UsesTransparencyLog;
        return settings;
    }

    public override void VerifyBlob(FilePath file) => Context.CosignVerifyBlob(file, new CosignVerifyBlobSettings
    {
        Identity = Identity,
        Bundle = BlobSignatureOf(file),
        IgnoreTransparencyLog = !UsesTransparencyLog,
    });

    public override FilePath BlobSignatureOf(FilePath file) => new(file.FullPath + ".sigstore.json");

    /// <summary>The predicates of type <paramref name="uri"/> in the .att manifest of <paramref name="digest"/>, naming that digest; signatures unchecked.</summary>
    private async Task<IReadOnlyList<JsonNode>> StoredPredicatesAsync(ImageName repository, string digest, string uri)
    {
        var manifest = await ImageRegistry.GetManifestAsync(repository.Repository, CosignTags.AttestationTag(digest));
        var predicates = new List<JsonNode>();
        if (manifest is null)
        {
            return predicates;
        }

        var hex = digest[Registry.OciDigest.Sha256Prefix.Length..];
        foreach (var layer in Registry.OciImageManifest.Parse(manifest.Content).Layers.Where(layer => layer.MediaType == CosignMediaTypes.DsseEnvelope))
        {
            JsonNode? statement;
            try
            {
                statement = JsonNode.Parse(Dsse.Parse(Encoding.UTF8.GetString(await ImageRegistry.GetBlobAsync(repository.Repository, layer))).Payload);
            }
            catch (Exception exception) when (exception is FormatException or System.Text.Json.JsonException)
            {
                continue;
            }

            var namesDigest = statement?["subject"] is JsonArray subjects && subjects.Any(subject => subject?["digest"]?["sha256"]?.GetValue<string>() == hex);
            if (namesDigest && statement?["predicateType"]?.GetValue<string>() == uri && statement["predicate"] is { } predicate)
            {
                predicates.Add(predicate);
            }
        }

        return predicates;
    }

    private CosignVerifySettings VerifySettings(ImageName repository) => new()
    {
        Identity = Identity,
        IgnoreTransparencyLog = !UsesTransparencyLog,
        AllowHttpRegistry = repository.IsLoopback,
    };

    private CosignVerifyAttestationSettings VerifyAttestationSettings(ImageName repository, string predicateType) => new()
    {
        PredicateType = predicateType,
        Identity = Identity,
        IgnoreTransparencyLog = !UsesTransparencyLog,
        AllowHttpRegistry = repository.IsLoopback,
    };
}
