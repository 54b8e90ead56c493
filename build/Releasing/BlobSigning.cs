using Build.Signing;
using Cake.Core.IO;

namespace Build.Releasing;

/// <summary>The chart and SHA256SUMS are signed as blobs; a signature that still verifies is kept, so a re-run changes nothing.</summary>
public static class BlobSigning
{
    /// <summary>Signs <paramref name="file"/> and checks the new signature, unless its signature verifies already; returns whether it signed.</summary>
    public static bool SignUnlessVerified(IReleaseSigner signer, FilePath file)
    {
        if (File.Exists(signer.BlobSignatureOf(file).FullPath) && signer.BlobVerifies(file))
        {
            return false;
        }

        signer.SignBlob(file);
        signer.VerifyBlob(file);
        return true;
    }
}
