using System.Security.Cryptography;
using Build.Configuration;
using Build.Tools.Cosign;
using Cake.Common.Diagnostics;
using Cake.Core.IO;

namespace Build.Signing;

/// <summary>
/// Signs and verifies for the release, the way the run's <see cref="SigningSettings"/> decided: with cosign where it is
/// installed, otherwise natively in cosign's exact formats (key and rehearsal modes; keyless needs cosign).
/// Verification never trusts the signing side: it reads the registry (or cosign reads it) afresh.
/// </summary>
public sealed class ReleaseSigner(BuildContext context)
{
    private ECDsa? _privateKey;
    private Task? _keyFileWritten;
    private ECDsa? _publicKey;

    public SigningSettings Settings { get; } = SigningSettings.Read(context);

    public bool UsesCosign { get; } = context.CosignRunner().Locate() is not null;

    public string Describe() => $"{Settings.Describe()}, {(UsesCosign ? "cosign" : "native cosign format")}";

    /// <summary>
    /// Makes the key material ready before anything is signed: the rehearsal key pair is made on first use; a given key
    /// is opened with COSIGN_PASSWORD now, so a wrong or missing password fails before anything is pushed.
    /// </summary>
    public void PrepareKeys()
    {
        switch (Settings.Mode)
        {
            case SigningMode.Keyless when !UsesCosign:
                throw new BuildConfigurationException($"Keyless signing needs cosign, which is not installed: {CosignRunner.InstallHint}");
            case SigningMode.Rehearsal when !context.FileSystem.Exist(Settings.PrivateKey):
                // This run signs with the key in memory; sealing cosign.key (scrypt, about half a second) for cosign and
                // later runs goes on in the background, and whatever reads the file waits for it.
                var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
                _privateKey = key;
                var pkcs8 = key.ExportPkcs8PrivateKey();
                var password = Password;
                var path = Settings.PrivateKey.FullPath;
                Directory.CreateDirectory(Settings.PrivateKey.GetDirectory().FullPath);
                File.WriteAllText(Settings.PublicKey.FullPath, CosignKeys.PublicPem(key));
                _keyFileWritten = Task.Run(() => WritePrivate(path, CosignKeys.PrivatePem(pkcs8, password)));
                context.Information("Made an ephemeral rehearsal key pair: {0} and {1}", Settings.PrivateKey.FullPath, Settings.PublicKey.FullPath);
                break;
            case SigningMode.Key:
                if (context.Options.Secrets.CosignPassword is null)
                {
                    throw new BuildConfigurationException($"COSIGN_PASSWORD is not set: export the password of {Settings.KeySource} as COSIGN_PASSWORD (an empty value for a key without one).");
                }

                if (!Settings.KeyFromEnvironment)
                {
                    CheckKeyFile(Settings.PrivateKey.FullPath);
                }

                Directory.CreateDirectory(Settings.PublicKey.GetDirectory().FullPath);
                File.WriteAllText(Settings.PublicKey.FullPath, CosignKeys.PublicPem(PrivateKey));
                break;
        }
    }

    /// <summary>The largest cosign.key read: a real one is well under 1 KiB.</summary>
    private const long MaxKeyFileBytes = 64 * 1024;

    /// <summary>Refuses, before reading it, what cannot be a cosign.key: a missing path, a folder, a device or FIFO (size 0), a huge file.</summary>
    private static void CheckKeyFile(string path)
    {
        var source = $"--signing-key (or {BuildSecrets.CosignKeyVariable}) {Diagnostics.InputText.Quote(path)}";
        if (Directory.Exists(path))
        {
            throw new BuildConfigurationException($"{source} is a directory, not a key file; pass the cosign.key inside it.");
        }

        if (!File.Exists(path))
        {
            throw new BuildConfigurationException($"{source} does not exist; pass the cosign.key written by ./build.sh --target=GenerateKeys or cosign generate-key-pair (or put the key's PEM text in {BuildSecrets.CosignKeyVariable}).");
        }

        var length = new FileInfo(path).Length;
        if (length == 0)
        {
            throw new BuildConfigurationException($"{source} is empty or not a regular file (a device, a FIFO, a /proc file); pass the cosign.key written by ./build.sh --target=GenerateKeys or cosign generate-key-pair.");
        }

        if (length > MaxKeyFileBytes)
        {
            throw new BuildConfigurationException($"{source} is {length} bytes, too large for a cosign key (at most {MaxKeyFileBytes / 1024} KiB); pass cosign.key itself.");
        }
    }

    /// <summary>The key's password: COSIGN_PASSWORD, or empty for the rehearsal key when it is unset.</summary>
    private string Password => context.Options.Secrets.CosignPassword ?? (Settings.Mode == SigningMode.Rehearsal ? string.Empty : throw new BuildConfigurationException("COSIGN_PASSWORD is not set."));

    private ECDsa PrivateKey => _privateKey ??= Settings.KeyFromEnvironment
        ? CosignKeys.LoadPrivate(context.Options.Secrets.CosignKey!, Password, BuildSecrets.CosignKeyVariable)
        : CosignKeys.LoadPrivate(File.ReadAllText(KeyFile), Password, Settings.PrivateKey.FullPath);

    /// <summary>The key as cosign's --key takes it: the file, or env://COSIGN_KEY (cosign reads the variable; the key is never on its command line).</summary>
    private string CosignKey => Settings.KeyFromEnvironment ? SigningSettings.EnvironmentKeyReference : KeyFile;

    /// <summary>cosign.key's path, once the file is complete (a rehearsal key made in this run is sealed in the background).</summary>
    private string KeyFile
    {
        get
        {
            WaitForKeyFile();
            return Settings.PrivateKey.FullPath;
        }
    }

    /// <summary>Waits until the rehearsal key made in this run is written to cosign.key (at the latest when the run ends).</summary>
    public void WaitForKeyFile() => _keyFileWritten?.GetAwaiter().GetResult();

    public ECDsa PublicKey => _publicKey ??= CosignKeys.LoadPublic(File.ReadAllText(Settings.PublicKey.FullPath), Settings.PublicKey.FullPath);

    /// <summary>Who must have signed, for cosign's verify commands.</summary>
    public CosignIdentity Identity => Settings.Mode == SigningMode.Keyless
        ? CosignIdentity.Keyless(Settings.CertificateIdentity!, SigningSettings.GitHubIssuer)
        : CosignIdentity.PublicKey(Settings.PublicKey.FullPath);

    /// <summary>Rehearsal signatures stay off the public transparency log (no network, throwaway key).</summary>
    public bool UsesTransparencyLog => Settings.Mode != SigningMode.Rehearsal && UsesCosign;

    /// <summary>True when the image already carries a signature that verifies for this run's identity.</summary>
    public async Task<bool> IsImageSignedAsync(ImageName repository, string digest)
    {
        if (UsesCosign)
        {
            try
            {
                return context.CosignVerify(repository.WithDigest(digest), VerifySettings(repository)).Count > 0;
            }
            catch (Tools.ToolFailedException)
            {
                return false;
            }
        }

        return (await Store(repository).VerifiedSignaturesAsync(digest, repository.FullName, PublicKey)).Count > 0;
    }

    public async Task SignImageAsync(ImageName repository, string digest)
    {
        if (UsesCosign)
        {
            context.CosignSign(repository.WithDigest(digest), new CosignSignSettings
            {
                Key = Settings.Mode == SigningMode.Keyless ? null : CosignKey,
                KeyPassword = Settings.Mode == SigningMode.Keyless ? null : Password,
                Format = Settings.Format,
                TransparencyLog = UsesTransparencyLog || Settings.Mode == SigningMode.Keyless,
                AllowHttpRegistry = repository.IsLoopback,
            });
            return;
        }

        var payload = SimpleSigning.Payload(repository.FullName, digest);
        var layer = CosignLayer.Signature(payload, CosignSignature.Sign(PrivateKey, payload));
        await Store(repository).AppendAsync(CosignTags.SignatureTag(digest), layer);
    }

    /// <summary>Verifies the image's signature for this run's identity; throws when none verifies.</summary>
    public async Task VerifyImageAsync(ImageName repository, string digest)
    {
        if (UsesCosign)
        {
            context.CosignVerify(repository.WithDigest(digest), VerifySettings(repository));
            return;
        }

        if ((await Store(repository).VerifiedSignaturesAsync(digest, repository.FullName, PublicKey)).Count == 0)
        {
            throw new InvalidOperationException($"No signature of {repository.WithDigest(digest)} verifies with {Settings.PublicKey.FullPath}: the signature was not stored, or was made with another key.");
        }
    }

    /// <summary>True when the image carries an attestation of <paramref name="predicateType"/> that verifies; natively also that it attests <paramref name="predicate"/>.</summary>
    public async Task<bool> IsAttestedAsync(ImageName repository, string digest, string predicateType, FilePath predicate)
    {
        if (UsesCosign)
        {
            try
            {
                return context.CosignVerifyAttestation(repository.WithDigest(digest), VerifyAttestationSettings(repository, predicateType)).Count > 0;
            }
            catch (Tools.ToolFailedException)
            {
                return false;
            }
        }

        var expected = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(predicate.FullPath));
        var attested = await Store(repository).VerifiedAttestationsAsync(digest, PredicateTypes.Uri(predicateType), PublicKey);
        return attested.Any(node => System.Text.Json.Nodes.JsonNode.DeepEquals(node, expected));
    }

    /// <summary>
    /// The predicate of an attestation of <paramref name="predicateType"/> that verifies for this run's identity and that
    /// <paramref name="condition"/> accepts, or null. For predicates that differ run by run (a provenance's run id and
    /// time), where <see cref="IsAttestedAsync"/>'s byte-for-byte comparison would never match.
    /// With cosign, cosign verifies and the condition is tested on the statements under the legacy .att tag (the cosign
    /// wrapper returns only each verified attestation's predicate type and subjects, not its predicate).
    /// </summary>
    public async Task<System.Text.Json.Nodes.JsonNode?> FindAttestationAsync(ImageName repository, string digest, string predicateType, Func<System.Text.Json.Nodes.JsonNode, bool> condition)
    {
        var uri = PredicateTypes.Uri(predicateType);
        if (!UsesCosign)
        {
            return (await Store(repository).VerifiedAttestationsAsync(digest, uri, PublicKey)).FirstOrDefault(condition);
        }

        try
        {
            if (context.CosignVerifyAttestation(repository.WithDigest(digest), VerifyAttestationSettings(repository, predicateType)).All(attestation => attestation.PredicateType != uri))
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

    /// <summary>The predicates of type <paramref name="uri"/> in the .att manifest of <paramref name="digest"/>, naming that digest; signatures unchecked.</summary>
    private async Task<IReadOnlyList<System.Text.Json.Nodes.JsonNode>> StoredPredicatesAsync(ImageName repository, string digest, string uri)
    {
        var registry = context.Services.ImageRegistry;
        var manifest = await registry.GetManifestAsync(repository.Repository, CosignTags.AttestationTag(digest));
        var predicates = new List<System.Text.Json.Nodes.JsonNode>();
        if (manifest is null)
        {
            return predicates;
        }

        var hex = digest[Registry.OciDigest.Sha256Prefix.Length..];
        foreach (var layer in Registry.OciImageManifest.Parse(manifest.Content).Layers.Where(layer => layer.MediaType == CosignMediaTypes.DsseEnvelope))
        {
            System.Text.Json.Nodes.JsonNode? statement;
            try
            {
                statement = System.Text.Json.Nodes.JsonNode.Parse(Dsse.Parse(System.Text.Encoding.UTF8.GetString(await registry.GetBlobAsync(repository.Repository, layer))).Payload);
            }
            catch (Exception exception) when (exception is FormatException or System.Text.Json.JsonException)
            {
                continue;
            }

            var namesDigest = statement?["subject"] is System.Text.Json.Nodes.JsonArray subjects && subjects.Any(subject => subject?["digest"]?["sha256"]?.GetValue<string>() == hex);
            if (namesDigest && statement?["predicateType"]?.GetValue<string>() == uri && statement["predicate"] is { } predicate)
            {
                predicates.Add(predicate);
            }
        }

        return predicates;
    }

    /// <summary>Attests <paramref name="predicate"/> (e.g. an SPDX SBOM) to the image by digest, as <c>cosign attest --type</c> does.</summary>
    public async Task AttestAsync(ImageName repository, string digest, string predicateType, FilePath predicate)
    {
        if (UsesCosign)
        {
            context.CosignAttest(repository.WithDigest(digest), new CosignAttestSettings
            {
                Predicate = predicate,
                PredicateType = predicateType,
                Key = Settings.Mode == SigningMode.Keyless ? null : CosignKey,
                KeyPassword = Settings.Mode == SigningMode.Keyless ? null : Password,
                Format = Settings.Format,
                TransparencyLog = UsesTransparencyLog || Settings.Mode == SigningMode.Keyless,
                AllowHttpRegistry = repository.IsLoopback,
            });
            return;
        }

        var uri = PredicateTypes.Uri(predicateType);
        var statement = InTotoStatement.Create(
            uri,
            [(repository.FullName, digest[Registry.OciDigest.Sha256Prefix.Length..])],
            System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(predicate.FullPath))!);
        var envelope = Dsse.Sign(PrivateKey, InTotoStatement.PayloadType, statement);
        await Store(repository).AppendAsync(CosignTags.AttestationTag(digest), CosignLayer.Attestation(envelope, uri));
    }

    /// <summary>Verifies an attestation of <paramref name="predicateType"/> for this run's identity; natively also that it attests <paramref name="predicate"/>.</summary>
    public async Task VerifyAttestationAsync(ImageName repository, string digest, string predicateType, FilePath predicate)
    {
        if (UsesCosign)
        {
            context.CosignVerifyAttestation(repository.WithDigest(digest), VerifyAttestationSettings(repository, predicateType));
            return;
        }

        if (!await IsAttestedAsync(repository, digest, predicateType, predicate))
        {
            throw new InvalidOperationException($"No {predicateType} attestation of {repository.WithDigest(digest)} verifies with {Settings.PublicKey.FullPath} and carries {predicate.GetFilename()}.");
        }
    }

    /// <summary>
    /// Signs a file: with cosign a Sigstore bundle FILE.sigstore.json (keyless or key); natively a detached base64
    /// signature FILE.sig that <c>cosign verify-blob --key cosign.pub --signature FILE.sig FILE</c> accepts.
    /// Returns the signature file.
    /// </summary>
    public FilePath SignBlob(FilePath file)
    {
        if (UsesCosign)
        {
            return context.CosignSignBlob(file, new CosignSignBlobSettings
            {
                Bundle = BundleOf(file),
                Key = Settings.Mode == SigningMode.Keyless ? null : CosignKey,
                KeyPassword = Settings.Mode == SigningMode.Keyless ? null : Password,
                TransparencyLog = UsesTransparencyLog || Settings.Mode == SigningMode.Keyless,
            });
        }

        var signature = SignatureOf(file);
        File.WriteAllText(signature.FullPath, CosignSignature.SignBlob(PrivateKey, file.FullPath));
        return signature;
    }

    /// <summary>Whether a file's signature (<see cref="SignBlob"/>'s) verifies: false when it does not, or cannot be checked.</summary>
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

    /// <summary>Verifies a file against the signature <see cref="SignBlob"/> wrote; throws when it does not verify.</summary>
    public void VerifyBlob(FilePath file)
    {
        if (UsesCosign)
        {
            context.CosignVerifyBlob(file, new CosignVerifyBlobSettings
            {
                Identity = Identity,
                Bundle = BundleOf(file),
                IgnoreTransparencyLog = !UsesTransparencyLog && Settings.Mode != SigningMode.Keyless,
            });
            return;
        }

        var signature = SignatureOf(file);
        if (!File.Exists(signature.FullPath) || !CosignSignature.VerifyBlob(PublicKey, file.FullPath, File.ReadAllText(signature.FullPath).Trim()))
        {
            throw new InvalidOperationException($"The signature {signature.GetFilename()} of {file.GetFilename()} does not verify with {Settings.PublicKey.FullPath}.");
        }
    }

    /// <summary>The signature file <see cref="SignBlob"/> writes for <paramref name="file"/> in this run's mode.</summary>
    public FilePath BlobSignatureOf(FilePath file) => UsesCosign ? BundleOf(file) : SignatureOf(file);

    private static FilePath BundleOf(FilePath file) => new(file.FullPath + ".sigstore.json");

    private static FilePath SignatureOf(FilePath file) => new(file.FullPath + ".sig");

    private CosignVerifyAttestationSettings VerifyAttestationSettings(ImageName repository, string predicateType) => new()
    {
        PredicateType = predicateType,
        Identity = Identity,
        IgnoreTransparencyLog = !UsesTransparencyLog && Settings.Mode != SigningMode.Keyless,
        AllowHttpRegistry = repository.IsLoopback,
    };

    public CosignRegistryStore Store(ImageName repository) => new(context.Services.ImageRegistry, repository.Repository);

    private CosignVerifySettings VerifySettings(ImageName repository) => new()
    {
        Identity = Identity,
        IgnoreTransparencyLog = !UsesTransparencyLog && Settings.Mode != SigningMode.Keyless,
        AllowHttpRegistry = repository.IsLoopback,
    };

    /// <summary>
    /// Creates the private key file readable by its owner only (where the OS has such modes), whole or not at all (a
    /// temporary file moved into place); never overwrites.
    /// </summary>
    internal static void WritePrivate(string path, string pem)
    {
        if (File.Exists(path))
        {
            throw new IOException($"{path} exists already; a private key is never overwritten.");
        }

        var temporary = path + ".tmp-" + Environment.ProcessId;
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(pem);
        }

        File.Move(temporary, path, overwrite: false);
    }
}
