using Build.Configuration;
using Build.Images;
using Cake.Core.Diagnostics;

namespace Build.Signing;

/// <summary>What signing left: every digest signed (or found signed), and the signature manifest that now holds each.</summary>
public sealed record SignedImages(IReadOnlyList<string> Digests, IReadOnlyDictionary<string, string> Manifests);

/// <summary>
/// Signs the release's image digests, never a tag: the index digest, and each platform's with --sign-platforms. A digest
/// whose signature already holds is not signed again, so a re-run pushes nothing new.
/// </summary>
public sealed class ImageSignatures(IReleaseSigner signer, ICakeLog log)
{
    /// <summary>The digests this run signs: the index's, and with --sign-platforms each platform's.</summary>
    public static IReadOnlyList<string> DigestsOf(PushedImage pushed, SigningSettings settings) =>
        settings.SignPlatforms ? [pushed.IndexDigest, .. pushed.PlatformDigests.Values] : [pushed.IndexDigest];

    /// <summary>
    /// Signs each of <paramref name="digests"/> unless its signature manifest is the one <paramref name="recorded"/> says
    /// was verified before, or a signature for this run's identity verifies; then verifies what it signed.
    /// </summary>
    public async Task<SignedImages> SignAsync(ImageName repository, IReadOnlyList<string> digests, IReadOnlyDictionary<string, string> recorded)
    {
        var manifests = new Dictionary<string, string>();
        foreach (var digest in digests)
        {
            var reference = repository.WithDigest(digest);
            // A signature manifest is content-addressed: the one verified before, unchanged, holds the same signatures.
            var current = await signer.SignatureManifestAsync(repository, digest);
            if (current is not null && recorded.GetValueOrDefault(digest) == current)
            {
                log.Information("Already signed {0} (its signature manifest {1} is the one verified before; nothing pushed)", reference, current);
            }
            else if (await signer.IsImageSignedAsync(repository, digest))
            {
                log.Information("Already signed {0} (the signature verifies; nothing pushed)", reference);
            }
            else
            {
                await signer.SignImageAsync(repository, digest);
                await signer.VerifyImageAsync(repository, digest);
                log.Information("Signed {0} ({1}); the signature verifies", reference, signer.Settings.Describe());
            }

            if (await signer.SignatureManifestAsync(repository, digest) is { } verified)
            {
                manifests[digest] = verified;
            }
        }

        return new SignedImages(digests, manifests);
    }
}
