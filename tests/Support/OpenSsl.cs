namespace Build.Tests.Support;

/// <summary>ECDSA checks with the openssl command line: an implementation independent of the build's .NET code.</summary>
public static class OpenSsl
{
    /// <summary>True when openssl verifies the base64 DER <paramref name="base64Signature"/> over <paramref name="data"/> (SHA-256) with the PEM public key.</summary>
    public static bool Verifies(string publicKeyPem, byte[] data, string base64Signature)
    {
        using var directory = new TempDirectory("rdscsi-openssl");
        var key = directory.Write("key.pub", publicKeyPem);
        var signature = directory.Combine("sig.der");
        File.WriteAllBytes(signature, Convert.FromBase64String(base64Signature));
        var payload = directory.Combine("data");
        File.WriteAllBytes(payload, data);
        var result = Run.Process("openssl", ["dgst", "-sha256", "-verify", key, "-signature", signature, payload]);
        return result.ExitCode == 0 && result.Output.Contains("Verified OK", StringComparison.Ordinal);
    }

    /// <summary>A fresh P-256 public key, unrelated to any the build made.</summary>
    public static string UnrelatedPublicKey()
    {
        using var directory = new TempDirectory("rdscsi-openssl");
        var privateKey = directory.Combine("other.key");
        Assert.That(Run.Process("openssl", ["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", privateKey]).ExitCode, Is.EqualTo(0));
        var result = Run.Process("openssl", ["ec", "-in", privateKey, "-pubout"]);
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        return result.Output;
    }
}
