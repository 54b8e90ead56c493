using Build.Configuration;
using Build.Keys;
using Build.Signing;
using Build.Tools.Cosign;
using Cake.Common.Diagnostics;
using Cake.Core.IO;

namespace Build.Tasks;

[TaskName("RotateKeys")]
[State.WritesNoReleaseState]
[TaskDescription("Makes a new signing key pair (cosign-<id>.key, git-ignored), adds it to deploy/keys/keys.yaml as active, retires the previous one, updates deploy/cosign.pub and the key-based admission policy (every key not revoked)")]
public sealed class RotateKeysTask : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var root = context.Options.RepositoryRoot;
        var rotation = new KeyRotation(root.FullPath);
        // keys.yaml is read (and checked) before a key is made, so a broken file leaves no orphan private key.
        _ = rotation.Keys;
        if (context.Arguments.HasArgument(Arguments.SigningKey))
        {
            RotateToKeyUri(context, rotation);
            return;
        }

        var pair = CosignKeys.Generate(NewKeyFiles.ReadPassword(context, "signing key", "RotateKeys"));
        var id = KeyFingerprint.OfPem(pair.PublicPem, "the new public key");
        var privateKey = root.CombineWithFilePath(KeysFile.PrivateKeyFileOf(id));
        if (context.FileSystem.Exist(privateKey))
        {
            throw new BuildConfigurationException($"RotateKeys never overwrites a private key: {privateKey.FullPath} exists already.");
        }

        SigningKeys.WritePrivate(privateKey.FullPath, pair.PrivatePem);
        NewKeyFiles.EnsureIgnored(context, privateKey, "cosign-*.key");
        var (added, retired) = rotation.Rotate(pair.PublicPem, DateOnly.FromDateTime(DateTime.UtcNow));
        context.Information("Added key {0} as active (expires {1:yyyy-MM-dd}): {2}, copied to {3}", added.Id, added.Expires, added.File, KeyRotation.DeployedPublicKey);
        context.Information(retired is null ? "No key was active before: this is the project's first key" : $"Retired key {retired.ShortId}: it still verifies what it signed until {retired.Expires:yyyy-MM-dd}");
        context.Information("Admission policy {0} now accepts {1} key(s): every key not revoked", KeyPolicy.RelativePath, rotation.Trusted(rotation.Keys).Count);
        context.Information("Wrote the private key {0} (mode 0600, git-ignored). Move it to a secrets manager or KMS now and delete it here; sign with --signing-key={0} and COSIGN_PASSWORD", privateKey.FullPath);
    }

    /// <summary>--signing-key=URI: the new active key is held by a KMS or HSM; only its public key, read by cosign, is added.</summary>
    private static void RotateToKeyUri(BuildContext context, KeyRotation rotation)
    {
        var uri = context.Services.Signer.Settings.KeyUri
            ?? throw new BuildConfigurationException("RotateKeys --signing-key takes a key URI (awskms://, gcpkms://, azurekms://, hashivault://, k8s://NAMESPACE/SECRET, pkcs11:); without --signing-key it makes a new key pair.");
        if (context.CosignRunner().Locate() is null)
        {
            throw new BuildConfigurationException($"RotateKeys --signing-key={uri} reads the key's public half with cosign public-key: {Tools.Cosign.CosignRunner.InstallHint}");
        }

        var (added, retired) = rotation.Rotate(context.CosignPublicKey(new Tools.Cosign.CosignPublicKeySettings { Key = uri }), DateOnly.FromDateTime(DateTime.UtcNow));
        context.Information("Added key {0} of {1} as active (expires {2:yyyy-MM-dd}): {3}, copied to {4}; its private half stays in the KMS/HSM", added.Id, uri, added.Expires, added.File, KeyRotation.DeployedPublicKey);
        context.Information(retired is null ? "No key was active before: this is the project's first key" : $"Retired key {retired.ShortId}: it still verifies what it signed until {retired.Expires:yyyy-MM-dd}");
    }
}
