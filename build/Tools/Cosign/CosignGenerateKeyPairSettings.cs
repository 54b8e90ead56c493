using Cake.Core.IO;

namespace Build.Tools.Cosign;

/// <summary><c>cosign generate-key-pair</c>: writes PREFIX.key (encrypted with <see cref="CosignSettings.KeyPassword"/>) and PREFIX.pub.</summary>
public sealed class CosignGenerateKeyPairSettings : CosignSettings
{
    /// <summary>Where the two files go (cosign writes them to its working directory).</summary>
    public required DirectoryPath OutputDirectory { get; set; }

    /// <summary>--output-key-prefix; cosign's default is "cosign".</summary>
    public string? OutputKeyPrefix { get; set; }
}
