using Build.Configuration;
using Build.Registry;
using Build.Signing;

namespace Build.Keys;

/// <summary>
/// Which of the project's keys (deploy/keys/keys.yaml) signed an image, natively from its cosign signatures in the
/// registry: a release whose only valid signatures are by revoked keys is not trusted, whoever still has the key.
/// </summary>
public static class KeyRevocation
{
    /// <summary>
    /// Null when keys.yaml lists no key or none of its keys signed (a rehearsal's own key: revocation cannot apply);
    /// else whether a key that is not revoked signed, and what was found.
    /// </summary>
    public static async Task<(bool Holds, string What)?> CheckAsync(OciRegistryClient registry, string root, ImageName image, string digest)
    {
        var keys = KeysFile.Read(root);
        if (keys.Count == 0)
        {
            return null;
        }

        var store = new CosignRegistryStore(registry, image.Repository);
        var signers = new List<ProjectKey>();
        foreach (var key in keys)
        {
            using var publicKey = CosignKeys.LoadPublic(File.ReadAllText(Path.Combine(root, key.File)), key.File);
            if ((await store.VerifiedSignaturesAsync(digest, image.FullName, publicKey)).Count > 0)
            {
                signers.Add(key);
            }
        }

        var trusted = signers.Where(key => key.Status != KeyStatus.Revoked).ToList();
        var revoked = signers.Where(key => key.Status == KeyStatus.Revoked).ToList();
        if (trusted.Count > 0)
        {
            return (true, $"{image.WithDigest(digest)} is signed by a key of {KeysFile.RelativePath} that is not revoked: {string.Join(", ", trusted.Select(key => key.Describe()))}"
                + (revoked.Count == 0 ? string.Empty : $" (also by revoked {string.Join(", ", revoked.Select(key => key.Describe()))})"));
        }

        return revoked.Count > 0
            ? (false, $"{image.WithDigest(digest)} is signed only by revoked key(s): {string.Join("; ", revoked.Select(key => $"{key.Id} revoked {key.Revoked:yyyy-MM-dd}, reason: {key.Reason}"))}")
            : null;
    }
}
