using Build.Registry;
namespace Build.Signing;

/// <summary>The manifest and config blob of a <c>.sig</c>/<c>.att</c> image; push the config and layers first, then the manifest under the cosign tag.</summary>
public sealed record CosignImage(byte[] Manifest, string ManifestDigest, byte[] Config, OciDescriptor ConfigDescriptor);
