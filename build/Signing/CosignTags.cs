using Build.Registry;
namespace Build.Signing;

/// <summary>
/// The tags cosign stores its artifacts under beside an image: the manifest digest with ':' replaced by '-', then
/// <c>.sig</c> (signatures), <c>.att</c> (attestations) or <c>.sbom</c> (attached SBOMs).
/// </summary>
public static class CosignTags
{
    public static string SignatureTag(string manifestDigest) => Tag(manifestDigest, "sig");

    public static string AttestationTag(string manifestDigest) => Tag(manifestDigest, "att");

    public static string SbomTag(string manifestDigest) => Tag(manifestDigest, "sbom");

    private static string Tag(string manifestDigest, string suffix) =>
        OciDigest.RequireSha256(manifestDigest, "The signed image's digest").Replace(':', '-') + "." + suffix;
}
