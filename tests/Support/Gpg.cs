namespace Build.Tests.Support;

/// <summary>
/// GnuPG (Debian's gnupg, an OpenPGP implementation the build's code has nothing in common with) in a temporary
/// GNUPGHOME, never the user's: imports keys, verifies clear-signed files such as Helm's .prov, and makes keys the way
/// a maintainer would. The agent a key generation starts is stopped through its own home's socket on dispose.
/// </summary>
public sealed class Gpg : IDisposable
{
    private readonly TempDirectory _home = new("rdscsi-gpg");
    private bool _agentStarted;

    public Gpg()
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(_home.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    public ProcessResult Run(params string[] arguments) =>
        Support.Run.Process("gpg", ["--homedir", _home.Path, "--batch", "--no-tty", "--status-fd", "1", .. arguments], environment: new Dictionary<string, string?> { ["GNUPGHOME"] = _home.Path });

    /// <summary>Imports an armored key, asserting gpg accepted it.</summary>
    public void Import(string armoredKey)
    {
        var file = _home.Write("import-" + Guid.NewGuid().ToString("N") + ".asc", armoredKey);
        var result = Run("--import", file);
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
    }

    /// <summary>gpg --verify of a clear-signed file; VALIDSIG in its status output names the primary key's fingerprint.</summary>
    public ProcessResult Verify(string signedFile) => Run("--verify", signedFile);

    /// <summary>The signed text of a clear-signed file, as gpg reads it (--decrypt of a clear-signed file prints the text).</summary>
    public string SignedText(string signedFile)
    {
        var output = _home.Combine("text-" + Guid.NewGuid().ToString("N"));
        var result = Run("--output", output, "--decrypt", signedFile);
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        return File.ReadAllText(output);
    }

    /// <summary>Makes a signing key with gpg's own quick-gen-key and returns its armored secret key and fingerprint.</summary>
    public (string ArmoredSecretKey, string Fingerprint) GenerateKey(string userId, string algorithm, string passphrase)
    {
        _agentStarted = true;
        var generate = Run("--pinentry-mode", "loopback", "--passphrase", passphrase, "--quick-gen-key", userId, algorithm, "sign", "never");
        Assert.That(generate.ExitCode, Is.EqualTo(0), generate.ToString());
        var fingerprint = generate.Output.Split('\n').Single(line => line.StartsWith("[GNUPG:] KEY_CREATED", StringComparison.Ordinal)).Split(' ')[^1].Trim();
        var file = _home.Combine("secret-" + fingerprint + ".asc");
        var export = Run("--pinentry-mode", "loopback", "--passphrase", passphrase, "--armor", "--output", file, "--export-secret-keys", fingerprint);
        Assert.That(export.ExitCode, Is.EqualTo(0), export.ToString());
        return (File.ReadAllText(file), fingerprint);
    }

    public void Dispose()
    {
        if (_agentStarted)
        {
            Support.Run.Process("gpgconf", ["--homedir", _home.Path, "--kill", "gpg-agent"], environment: new Dictionary<string, string?> { ["GNUPGHOME"] = _home.Path });
        }

        _home.Dispose();
    }
}
