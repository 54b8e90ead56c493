using System.Security.Cryptography;
using Build.Configuration;
using Build.Tools.Cosign;
using Cake.Common.Diagnostics;
using Cake.Core.IO;

namespace Build.Signing;

/// <summary>
/// The key material of a run that signs with a key (given, or the rehearsal's ephemeral pair): opened or made once,
/// before anything is pushed, and handed to the signer backend in the form it takes (a key in memory, or cosign's --key).
/// </summary>
public sealed class SigningKeys(BuildContext context, SigningSettings settings)
{
    /// <summary>The largest cosign.key read: a real one is well under 1 KiB.</summary>
    private const long MaxKeyFileBytes = 64 * 1024;

    private ECDsa? _privateKey;
    private Task? _keyFileWritten;
    private ECDsa? _publicKey;

    /// <summary>
    /// Makes the key material ready before anything is signed: the rehearsal key pair is made on first use; a given key
    /// is opened with COSIGN_PASSWORD now, so a wrong or missing password fails before anything is pushed.
    /// </summary>
    public void Prepare()
    {
        switch (settings.Mode)
        {
            case SigningMode.Rehearsal when !context.FileSystem.Exist(settings.PrivateKey):
                // This run signs with the key in memory; sealing cosign.key (scrypt, about half a second) for cosign and
                // later runs goes on in the background, and whatever reads the file waits for it.
                var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
                _privateKey = key;
                var pkcs8 = key.ExportPkcs8PrivateKey();
                var password = Password;
                var path = settings.PrivateKey.FullPath;
                Directory.CreateDirectory(settings.PrivateKey.GetDirectory().FullPath);
                File.WriteAllText(settings.PublicKey.FullPath, CosignKeys.PublicPem(key));
                _keyFileWritten = Task.Run(() => WritePrivate(path, CosignKeys.PrivatePem(pkcs8, password)));
                context.Information("Made an ephemeral rehearsal key pair: {0} and {1}", settings.PrivateKey.FullPath, settings.PublicKey.FullPath);
                break;
            case SigningMode.Key when settings.KeyUri is { } uri:
                PrepareKeyUri(uri);
                break;
            case SigningMode.Key:
                if (context.Options.Secrets.CosignPassword is null)
                {
                    throw new BuildConfigurationException($"COSIGN_PASSWORD is not set: export the password of {settings.KeySource} as COSIGN_PASSWORD (an empty value for a key without one).");
                }

                if (!settings.KeyFromEnvironment)
                {
                    CheckKeyFile(settings.PrivateKey.FullPath);
                }

                Directory.CreateDirectory(settings.PublicKey.GetDirectory().FullPath);
                File.WriteAllText(settings.PublicKey.FullPath, CosignKeys.PublicPem(PrivateKey));
                break;
        }
    }

    /// <summary>
    /// A key in a KMS or HSM: cosign must be installed (the native signer signs with key files only), and the public
    /// key it reads (<c>cosign public-key --key URI</c>) must be the active key of deploy/keys/keys.yaml.
    /// </summary>
    private void PrepareKeyUri(string uri)
    {
        if (context.CosignRunner().Locate() is null)
        {
            throw new BuildConfigurationException($"--signing-key {uri} is a key in a KMS or HSM, and only cosign signs with one (the native signer handles key files only): {Tools.Cosign.CosignRunner.InstallHint}");
        }

        var pem = context.CosignPublicKey(new Tools.Cosign.CosignPublicKeySettings { Key = uri });
        var id = Keys.KeyFingerprint.OfPem(pem, $"the public key of {uri} (cosign public-key)");
        var root = context.Options.RepositoryRoot.FullPath;
        var active = Keys.KeysFile.Read(root).FirstOrDefault(key => key.Status == Keys.KeyStatus.Active);
        if (active?.Id != id)
        {
            throw new BuildConfigurationException(
                $"The public key of {uri} (fingerprint {id[..12]}) is not the active key of {Keys.KeysFile.RelativePath} ({active?.Describe() ?? "none is active"}): " +
                $"add it with ./build.sh --target=RotateKeys --signing-key={uri}, or sign with the active key.");
        }

        Directory.CreateDirectory(settings.PublicKey.GetDirectory().FullPath);
        File.WriteAllText(settings.PublicKey.FullPath, pem);
        context.Information("Signing with {0}: its public key is the active key {1} of {2}", uri, id[..12], Keys.KeysFile.RelativePath);
    }

    /// <summary>The key's password: COSIGN_PASSWORD, or empty for the rehearsal key when it is unset.</summary>
    public string Password => context.Options.Secrets.CosignPassword ?? (settings.Mode == SigningMode.Rehearsal ? string.Empty : throw new BuildConfigurationException("COSIGN_PASSWORD is not set."));

    public ECDsa PrivateKey => _privateKey ??= settings.KeyFromEnvironment
        ? CosignKeys.LoadPrivate(context.Options.Secrets.CosignKey!, Password, BuildSecrets.CosignKeyVariable)
        : CosignKeys.LoadPrivate(File.ReadAllText(KeyFile), Password, settings.PrivateKey.FullPath);

    public ECDsa PublicKey => _publicKey ??= CosignKeys.LoadPublic(File.ReadAllText(settings.PublicKey.FullPath), settings.PublicKey.FullPath);

    /// <summary>The key as cosign's --key takes it: the file, or env://COSIGN_KEY (cosign reads the variable; the key is never on its command line).</summary>
    public string CosignKey => settings.KeyUri ?? (settings.KeyFromEnvironment ? SigningSettings.EnvironmentKeyReference : KeyFile);

    /// <summary>cosign.key's path, once the file is complete (a rehearsal key made in this run is sealed in the background).</summary>
    private string KeyFile
    {
        get
        {
            WaitForKeyFile();
            return settings.PrivateKey.FullPath;
        }
    }

    /// <summary>Waits until the rehearsal key made in this run is written to cosign.key (at the latest when the run ends).</summary>
    public void WaitForKeyFile() => _keyFileWritten?.GetAwaiter().GetResult();

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
}
